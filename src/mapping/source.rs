//! TODO(issue 4): source
