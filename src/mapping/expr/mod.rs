//! TODO(issue 4): Entra expressions
