//! TODO(issue 3): profiles
