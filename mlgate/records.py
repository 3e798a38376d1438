"""``dataclass`` as mlgate declares its records, built when first used and without compiling their methods on
every start.

The standard decorator writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` (and a
frozen class's ``__setattr__``/``__delattr__``) as source text and compiles it: for the ~100 records mlgate
declares, parsing and compiling that text was more than a third of the instructions of a pre-commit hook
(valgrind, model-spec hook: 239 of 626 million), every run. This decorator is the standard one, with the
compiled code of that text kept between runs, as Python keeps a module's bytecode in ``__pycache__``: the
classes are built by ``dataclasses.dataclass`` itself, from exactly the text it writes; only compiling it is
skipped when the same text was compiled before by the same Python. The code is kept in mlgate's cache folder
(``mlgate.cache``: ``MLGATE_NO_CACHE=1`` turns it off), one file per module and Python version, written only
when a class's text is new, read only when it belongs to this user and nobody else may write it.

Even so, building a class (reading its fields, writing the methods' text, setting them) took ~110 us, ~10 ms
of every start for the ~90 records that a check imports, while a check of a small repository makes records
of a third of them (a one-file repository 28, ultralytics/yolov5 55). So a class is built by the standard
decorator when it is first used: until then each name the decorator sets (``_DEFERRED``) and each field whose
default is a ``field(...)`` holds a stand-in (``_Pending``) whose first reading builds the class, in place
(the same class object), and then answers as the built class does. Making a record, ``dataclasses.fields``,
``replace`` or ``is_dataclass``, reading a method or a default from the class, a dataclass that inherits from
it and the docstring all read one of those names. A class that defines one of them itself, or asks for
``slots`` (the decorator makes a new class), is built at once.
Type checkers see the standard decorator.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    import _thread
    import builtins
    import marshal
    import os
    import sys

    # What dataclasses sets on a class: the methods it writes, its two markers.
    _DEFERRED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__match_args__",
                 "__dataclass_fields__", "__dataclass_params__")
    _PENDING: dict[type, tuple[dict[str, Any], dict[str, Any]]] = {}  # class -> (options, its field() defaults)
    # one build at a time (building a class builds a pending base first); mlgate makes its records from one
    # thread: another thread could find neither the stand-in nor the method while a class is being built
    _LOCK = _thread.RLock()

    def dataclass(cls: Any = None, /, **options: Any) -> Any:
        def wrap(c: type) -> type:
            if c.__dict__.get("__doc__") is None:
                c.__doc__ = _SIGNATURE_DOC  # type: ignore[assignment]
            if options.get("slots") or any(name in c.__dict__ for name in _DEFERRED):
                return _build(c, options)
            defaults = {name: value for name, value in c.__dict__.items() if isinstance(value, dataclasses.Field)}
            _PENDING[c] = (options, defaults)
            for name in (*_DEFERRED, *defaults):
                setattr(c, name, _Pending(c, name))
            return c

        return wrap if cls is None else wrap(cls)

    class _Pending:
        """Stands for a name in a class not built yet: reading it from the class or from an instance builds the
        class, then reads the name again (now the method, marker or default that dataclasses set)."""

        __slots__ = ("cls", "name")

        def __init__(self, cls: type, name: str) -> None:
            self.cls, self.name = cls, name

        def __get__(self, obj: Any, owner: Any = None) -> Any:
            build_pending(self.cls)
            return getattr(obj if obj is not None else owner if owner is not None else self.cls, self.name)

    def build_pending(cls: type) -> None:
        """Builds ``cls`` now if it is a record not built yet."""
        with _LOCK:
            pending = _PENDING.pop(cls, None)
            if pending is None:
                return
            options, defaults = pending
            for name in _DEFERRED:
                delattr(cls, name)
            for name, value in defaults.items():
                setattr(cls, name, value)
            _build(cls, options)

    def _build(c: type, options: dict[str, Any]) -> type:
        global _module, _building
        saved = _module, _building, dataclasses.__dict__.get("exec")
        _module = c.__module__
        dataclasses.exec = _exec  # the one name dataclasses looks up to run the text it writes
        _building = True
        try:
            return dataclasses.dataclass(c, **options)
        finally:
            _module, _building = saved[0], saved[1]
            if saved[2] is None:
                del dataclasses.exec
            else:
                dataclasses.exec = saved[2]

    _building = False

    class _SignatureDoc:
        """The docstring dataclasses gives a class that has none (its name and signature, from
        ``inspect.signature``), written when it is first read rather than for every record at start-up
        (~2,000 instructions' worth of Signature objects per record, for a text nothing reads)."""

        def __get__(self, obj: Any, owner: Any = None) -> str:
            cls = type(obj) if owner is None else owner
            if _building:
                return "(being built)"  # dataclasses asks whether there is a docstring: yes, this one
            build_pending(cls)
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
