"""The visual kit both chapters share: style, bundle access, diagram, grids, equations, plots."""
