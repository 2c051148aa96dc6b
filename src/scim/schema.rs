//! TODO(issue 3): schema
