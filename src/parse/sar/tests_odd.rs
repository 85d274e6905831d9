//! Tests of odd input.
