//! The event ontology: PLOVER types, modes and contexts, CAMEO codes with their root, quad
//! class and Goldstein-style weight, and the CAMEO → PLOVER mapping, all read from data files.
