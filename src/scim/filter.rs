//! TODO(issue 3): filter
