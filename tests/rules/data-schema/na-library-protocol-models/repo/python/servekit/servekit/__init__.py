"""servekit: a model server speaking the V2 inference protocol."""
