"""The visual kit every chapter shares: style, bundle access, diagram, grids, equations, plots,
the animations (forward flow, flipbook, edge morph), the squishing functions' table and the words
about digits and the network. A chapter module imports the kit, never another chapter module.

Naming the layers, one convention for the code and one for the screen and the voice:

- Code: layers are indexed from 0, the input (``sizes[0]`` pixels), to ``len(sizes) - 1``, the
  output; ``activations[l]`` is layer l. Gap ``l`` is what connects layer l to layer l + 1:
  ``W[l]``, ``b[l]`` (``W0``, ``b0`` in the bundle), the diagram's ``edge_layers[l]``; it feeds
  layer l + 1. So the first hidden layer is layer 1, and its weights are gap 0.
- Screen and voice: in words "the input layer", "the first hidden layer", "the second hidden
  layer", "the output layer" (never a bare number); in equations the code's index as a
  superscript: a^(0) the input, a^(1) the first hidden layer, and w^(l), b^(l) the weights and
  biases that feed layer l (``W[l - 1]`` in the code).

Not yet on screen everywhere: three texts still call the first hidden layer "layer 2" (the
headlines of ``Weights`` and ``HiddenNeuronsLook`` and the real-bias line of ``Bias``); renaming
them changes golden frames, so it waits for the issue that regenerates them.
"""
