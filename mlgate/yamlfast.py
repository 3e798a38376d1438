"""YAML documents with line numbers, ten times faster: libyaml (ruamel.yaml.clib) composes the node
graph and this module builds dictionaries and lists from it (``Mapping``, ``Sequence``) with the same line
information (``.lc``) the round-trip loader records. Parsing YAML was the largest cost of a full
scan of a large repository (about 2 ms a file with the pure-Python loader).

``load_all`` returns None when the C parser is not installed; the caller then uses ``load_all_pure``:
ruamel's pure-Python parser (YAML 1.2) and composer, and the same builder, so both give the same
values, types and lines: a duplicate key's last value wins (as in PyYAML and json), a custom-tagged
scalar (``!Ref x``) is its text, a tagged collection is its mapping or list, aliases are the same
object. Errors are ruamel's own (YAMLError and its marks).

Beyond ruamel's public API this uses the C parser class (``_ruamel_yaml.CParser``) and the resolver's
table cache; pyproject.toml bounds ruamel.yaml below the next minor version for that, and
tests/test_yamlfast.py compares the result with the round-trip loader's on every fixture.
"""

from __future__ import annotations

import functools
import io
from typing import Any

_STD_TAG = "tag:yaml.org,2002:"
_MERGE = _STD_TAG + "merge"
_STR = _STD_TAG + "str"


@functools.lru_cache(maxsize=1)
def _collection_nodes() -> tuple[type, ...]:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    return MappingNode, SequenceNode


@functools.lru_cache(maxsize=4)
def _constructs_str_as_text(constructor_class: Any) -> bool:
    from ruamel.yaml.constructor import SafeConstructor

    return bool(constructor_class.yaml_constructors.get(_STR) is SafeConstructor.construct_yaml_str
                and constructor_class.construct_scalar is SafeConstructor.construct_scalar)


def _plain_str(constructor: Any) -> bool:
    """Whether ``constructor`` builds a ``!!str`` scalar as its text (the safe constructor does)."""
    return _constructs_str_as_text(constructor.__class__)


@functools.lru_cache(maxsize=1)
def _loader_class() -> Any:
    """The class ``YAML(typ="safe", pure=False)`` builds for every stream it composes (libyaml's
    parser, the safe constructor, the YAML 1.2 resolver), built once: a YAML() instance per file
    also globbed ruamel's folder for plug-ins and rebuilt the resolver tables, half the cost of
    loading a small file. None when the C parser is not installed."""
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found,unused-ignore]
        from ruamel.yaml.constructor import SafeConstructor
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from ruamel.yaml.resolver import VersionedResolver
        from ruamel.yaml.tag import Tag
    except Exception:
        return None
    tables: dict[Any, Any] = {}  # the resolver's per-version tables, shared by every loader
    resolved: list[Any] = []  # the table of the version every stream is processed in, looked up once
    implicit_tags: dict[str, Any] = {}  # tag -> the one Tag given to every scalar resolved to it

    class Loader(CParser, SafeConstructor, VersionedResolver):  # type: ignore[misc]
        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)
            self._parser = self._composer = self
            SafeConstructor.__init__(self, loader=self)
            VersionedResolver.__init__(self, version=None, loadumper=self)
            self._version_implicit_resolver = tables
            self._resolvers: Any = None

        @property
        def versioned_resolver(self) -> Any:
            """The resolver's table for the version it processes, looked up once: ruamel finds the version
            for every scalar, twice, through two caught AttributeErrors (this loader has no scanner or
            serializer object), a fifth of the time libyaml's loading took. The version is the same for
            every stream (no scanner, serializer or ``typ`` to give another: the default), so the table is
            looked up once for all of them (1,002 YAML files on the 10,000-file tree)."""
            if self._resolvers is None:
                if not resolved:
                    resolved.append(super().versioned_resolver)
                self._resolvers = resolved[0]
            return self._resolvers

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            """``VersionedResolver.resolve``, with one Tag per implicitly resolved tag (``!!int``, ``!!bool``
            ...) shared by every scalar resolved to it, as its default tags are: a new Tag per scalar decoded
            its text again when the builder read it (``str(node.tag)``). Path resolvers, or implicit ones for
            any first character (ruamel's own tables have neither), are left to ruamel."""
            table = self.versioned_resolver
            if self.yaml_path_resolvers or None in table:
                return super().resolve(kind, value, implicit)
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, regexp in table.get(value[0] if value else "", ()):
                        if regexp.match(value):
                            shared = implicit_tags.get(tag)
                            if shared is None:
                                shared = implicit_tags[tag] = Tag(suffix=tag)
                            return shared
                return self.DEFAULT_SCALAR_TAG
            if kind is SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
            if kind is MappingNode:
                return self.DEFAULT_MAPPING_TAG
            return None

    return Loader


def load_all(text: str) -> list[Any] | None:
    loader_class = _loader_class()
    if loader_class is None:
        return None
    loader = loader_class(io.StringIO(text))
    try:
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
        memo: dict[int, Any] = {}
        return [d for d in (_build(n, loader, memo, set()) for n in nodes if n is not None) if d is not None]
    finally:
        loader.dispose()
        _unlink(loader)


def load_all_pure(text: str) -> list[Any]:
    """The documents of ``text`` through ruamel's pure-Python parser, built as ``load_all`` builds them."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    try:
        nodes = list(yaml.compose_all(io.StringIO(text)))
        memo: dict[int, Any] = {}
        return [d for d in (_build(n, yaml.constructor, memo, set()) for n in nodes if n is not None)
                if d is not None]
    finally:
        _unlink(yaml)


def _unlink(loader: Any) -> None:
    """Drop what a loader refers to. A loader refers to itself (as its own parser, composer, the
    constructor's loader and the resolver's ``loadumper``; ruamel's YAML object through each of its parts,
    which it holds, and which hold it): a cycle that only the garbage collector frees, and the CLI runs
    with the collector paused (``mlgate.cli.main``), so every YAML file's loader, with the node graph and
    marks it composed, stayed in memory to the end of the analysis: the 10,000-file tree's 1,002 YAML files
    held 23 MB of its peak RSS (113 -> 90 MB)."""
    vars(loader).clear()


def _build(node: Any, constructor: Any, memo: dict[int, Any], building: set[int]) -> Any:
    key = id(node)
    if key in building:  # an alias to a collection that contains it: cut the cycle
        return None
    if key in memo:  # an alias: the same object, never a copy (no alias-bomb expansion)
        return memo[key]
    if isinstance(node, _collection_nodes()):
        building.add(key)
        try:
            memo[key] = _collection(node, constructor, memo, building)
        finally:
            building.discard(key)
        return memo[key]
    tag = str(node.tag)
    if tag == _STR and _plain_str(constructor):
        # the safe constructor's `construct_yaml_str` gives the scalar's text: most scalars are strings, and
        # its generic dispatch (construct_object's bookkeeping, the tag looked up again) cost more than libyaml
        memo[key] = node.value
        return node.value
    if not tag.startswith(_STD_TAG):
        return node.value  # a custom tag (CloudFormation's !Ref, !Sub ...): its plain text
    try:
        value = constructor.construct_object(node, deep=True)
    except Exception:  # a tag the safe constructor refuses (!!python/name:x) or cannot apply (`!!int`): text
        value = node.value
    memo[key] = value
    return value


class Lines:
    """Where a mapping or a sequence is, and each of its keys or items: ruamel's ``lc`` interface (``line``,
    ``col``, ``key(k)``, ``value(k)``, ``item(i)``, 0-based), which ``mlgate.repo.yaml_line`` and the fixers
    read. ``data``: key -> (key line, key column, value line, value column), or index -> (line, column)."""

    __slots__ = ("col", "data", "line")

    def __init__(self, line: int, col: int, data: Any) -> None:
        self.line = line
        self.col = col
        self.data = data

    def key(self, k: Any) -> tuple[int, int]:
        found = self.data[k]
        return found[0], found[1]

    def value(self, k: Any) -> tuple[int, int]:
        found = self.data[k]
        return found[2], found[3]

    def item(self, i: int) -> tuple[int, int]:
        found = self.data[i]
        return found[0], found[1]


class Mapping(dict[Any, Any]):
    """A YAML mapping with its lines (``lc``). ruamel's CommentedMap, which the builder made before, is an
    OrderedDict with a set of its own keys, a list of merge references and a LineCol with a dictionary of
    lists: about 1 KB more a mapping, held as long as the facts that read it (9 MB of the 10,000-file tree's
    peak memory), and a Python ``__setitem__`` for every key."""

    __slots__ = ("lc",)
    lc: Lines


class Sequence(list[Any]):
    """A YAML sequence with its lines (``lc``), as ``Mapping``."""

    __slots__ = ("lc",)
    lc: Lines


def _collection(node: Any, constructor: Any, memo: dict[int, Any], building: set[int]) -> Any:
    mark = node.start_mark
    is_mapping = isinstance(node, _collection_nodes()[0])  # (not narrowing ``node``: ruamel has no types)
    if is_mapping:
        mapping = Mapping()
        where: dict[Any, tuple[int, int, int, int]] = {}
        mapping.lc = Lines(mark.line, mark.column, where)
        merged: list[Any] = []
        for key_node, value_node in node.value:
            value = _build(value_node, constructor, memo, building)
            if str(key_node.tag) == _MERGE:
                merged.extend(value if isinstance(value, list) else [value])
                continue
            item = _build(key_node, constructor, memo, building)
            try:
                hash(item)  # a key is a string nearly always: no import to ask ``_hashable``
            except TypeError:
                item = _hashable(item)
            mapping[item] = value
            key_mark, value_mark = key_node.start_mark, value_node.start_mark
            where[item] = (key_mark.line, key_mark.column, value_mark.line, value_mark.column)
        for source in merged:  # `<<: *defaults`: keys not set explicitly come from the merged mappings
            if isinstance(source, dict):
                for k, v in source.items():
                    if k not in mapping:
                        mapping[k] = v
        return mapping
    seq = Sequence()
    places: list[tuple[int, int]] = []
    seq.lc = Lines(mark.line, mark.column, places)
    for item_node in node.value:
        seq.append(_build(item_node, constructor, memo, building))
        places.append((item_node.start_mark.line, item_node.start_mark.column))
    return seq


def _hashable(key: Any) -> Any:
    """A mapping or sequence used as a key (a Helm `{{ .Values.x }}` line parses so) becomes the
    hashable key type the round-trip loader uses; anything else unhashable, its text."""
    from ruamel.yaml.comments import CommentedKeyMap, CommentedKeySeq

    try:
        hash(key)
        return key
    except TypeError:
        pass
    try:
        candidate = CommentedKeyMap(key) if isinstance(key, dict) else CommentedKeySeq(key)
        hash(candidate)
        return candidate
    except TypeError:
        return str(key)
