"""``dataclass`` as mlgate declares its records, without compiling their methods on every start.

The standard decorator writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` (and a
frozen class's ``__setattr__``/``__delattr__``) as source text and compiles it: for the ~100 records mlgate
declares, parsing and compiling that text was more than a third of the instructions of a pre-commit hook
(valgrind, model-spec hook: 239 of 626 million), every run. This decorator is the standard one, with the
compiled code of that text kept between runs, as Python keeps a module's bytecode in ``__pycache__``: the
classes are built by ``dataclasses.dataclass`` itself, from exactly the text it writes; only compiling it is
skipped when the same text was compiled before by the same Python. The code is kept in mlgate's cache folder
(``mlgate.cache``: ``MLGATE_NO_CACHE=1`` turns it off), one file per module and Python version, written only
when a class's text is new, read only when it belongs to this user and nobody else may write it.
Type checkers see the standard decorator.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    import builtins
    import marshal
    import os
    import sys

    def dataclass(cls: Any = None, /, **options: Any) -> Any:
        def wrap(c: type) -> type:
            global _module, _building
            _module = c.__module__
            if c.__dict__.get("__doc__") is None:
                c.__doc__ = _SIGNATURE_DOC  # type: ignore[assignment]
            dataclasses.exec = _exec  # the one name dataclasses looks up to run the text it writes
            _building = True
            try:
                return dataclasses.dataclass(c, **options)
            finally:
                _building = False
                del dataclasses.exec

        return wrap if cls is None else wrap(cls)

    _building = False

    class _SignatureDoc:
        """The docstring dataclasses gives a class that has none (its name and signature, from
        ``inspect.signature``), written when it is first read rather than for every record at start-up
        (~2,000 instructions' worth of Signature objects per record, for a text nothing reads)."""

        def __get__(self, obj: Any, owner: Any = None) -> str:
            cls = type(obj) if owner is None else owner
            if _building:
                return "(being built)"  # dataclasses asks whether there is a docstring: yes, this one
            import inspect

            try:
                text_sig = str(inspect.signature(cls)).replace(" -> None", "")
            except (TypeError, ValueError):
                text_sig = ""
            return f"{cls.__name__}{text_sig}"

    _SIGNATURE_DOC = _SignatureDoc()

    _MAX_ENTRIES = 500  # per module: old texts are dropped past it
    _module = ""
    _codes: dict[str, dict[str, Any]] = {}  # module -> source text -> its code, for this Python
    _new: set[str] = set()  # modules with code compiled in this run
    _used: dict[str, set[str]] = {}  # module -> the texts this run ran

    def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
        if not isinstance(source, str):
            builtins.exec(source, globals, locals)
            return
        codes = _codes.get(_module)
        if codes is None:
            codes = _codes[_module] = _load(_module)
        _used.setdefault(_module, set()).add(source)
        code = codes.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)  # as exec compiles it in dataclasses
            if not _new:
                import atexit

                atexit.register(_store)
            _new.add(_module)
            codes[source] = code
        builtins.exec(code, globals, locals)

    _folder: list[str | None] = []  # the cache folder of the records' code, looked up once per process

    def _path(module: str) -> str | None:
        if not _folder:
            from mlgate.cache import directory

            where = directory()
            _folder.append(None if where is None else os.path.join(where, f"records-{sys.implementation.cache_tag}"))
        return None if _folder[0] is None else os.path.join(_folder[0], f"{module}.marshal")

    def _magic() -> bytes:
        """This interpreter's bytecode version, as .pyc files start with it."""
        import _frozen_importlib_external

        magic: bytes = _frozen_importlib_external.MAGIC_NUMBER
        return magic

    def _load(module: str) -> dict[str, Any]:
        codes: dict[str, Any] = {}
        path = _path(module)
        if path is None:
            return codes
        from mlgate.cache import read_private

        data = read_private(path)  # never code from a file another user owns or may write
        if data is None:
            return codes
        try:
            magic = _magic()
            if data.startswith(magic):
                loaded = marshal.loads(data[len(magic):])
                if isinstance(loaded, dict):
                    code_type = type(_load.__code__)
                    codes.update((k, v) for k, v in loaded.items() if isinstance(k, str) and type(v) is code_type)
        except (ValueError, EOFError, TypeError):
            pass
        return codes

    def _store() -> None:
        for module in sorted(_new):
            path = _path(module)
            codes = _codes.get(module)
            if path is None or not codes:
                continue
            if len(codes) > _MAX_ENTRIES:  # texts of older versions of the module: keep this run's
                codes = {k: v for k, v in codes.items() if k in _used.get(module, ())}
            from mlgate.cache import write_private

            write_private(path, _magic() + marshal.dumps(codes))
