// Image decoding, geometry and drawing live in this module (see the files beside this one).
