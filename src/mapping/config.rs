//! TODO(issue 4): config
