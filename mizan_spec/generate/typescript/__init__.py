"""TypeScript client generator: IR in, a dependency-free client (and React bindings) out.

`generate_typescript(ir, spec_label, react=...)` returns the files to write, by name.
Names are computed in `names`, type expressions in `typemap`, the per-file view models
in `views`; the templates in `generators/typescript/` only lay the text out.
"""

from mizan_spec.generate.typescript.render import GenerateError, generate_typescript

__all__ = ["GenerateError", "generate_typescript"]
