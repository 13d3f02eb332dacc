"""What people read and see: the HTML report (:mod:`polsim.outputs.report`) and the figures
(:mod:`polsim.outputs.figures`). Importing this package imports no plotting library."""
