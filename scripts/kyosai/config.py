"""The workflow's configuration file (config.yaml), read and checked before Snakemake reads it, so that a mistake
is reported the way a colleague would: the file, the line, the key, and what is allowed.

``check_file(path, schema)`` raises ConfigError listing every problem, one per line: a YAML syntax error with its
line and column; text that is not UTF-8; an unknown key with the keys allowed there and the closest one (a typo:
``diff_threshold`` → did you mean ``diff_thresholds``?); a key given twice; a YAML anchor or alias (kyosai.yamlguard:
an alias bomb would expand to billions of values); a required key missing; a value the schema
does not allow, with the schema's description of what is. ``check_values(config, schema, where)`` does the same for
a configuration without a file (the merged result of --config), naming keys but no lines.
``settle(config, files, schema)`` is the one path the workflow takes (the Snakefile calls it once): config.yaml and any
--configfile checked with their lines, what --config changes checked too, and every default taken from the schema
(``defaults``: schemas/config.schema.yaml is the only place a default is written)."""
from __future__ import annotations

import difflib
from pathlib import Path

import jsonschema
import yaml

from . import yamlguard


class ConfigError(Exception):
    """The configuration has problems; ``problems`` lists them, each naming its file and line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        n = len(problems)
        super().__init__(f"The configuration has {'a problem' if n == 1 else f'{n} problems'}; nothing was built:\n"
                         + "\n".join(f"  - {p}" for p in problems))


SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "config.schema.yaml"


def load_schema(path: Path | str = SCHEMA) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def defaults(schema: dict) -> dict:
    """Every default the schema gives, nested as the configuration nests (an object's defaults are its properties')."""
    out = {}
    for key, prop in schema.get("properties", {}).items():
        if "default" in prop:
            out[key] = prop["default"]
        elif prop.get("type") == "object" and (inner := defaults(prop)):
            out[key] = inner
    return out


def merged(base: dict, changes: dict) -> dict:
    """``base`` with ``changes`` laid over it, key by key inside nested mappings (as Snakemake merges --config)."""
    out = dict(base)
    for key, value in changes.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def settle(config: dict, files: list[str], schema: dict, base: str = "config.yaml") -> dict:
    """The workflow's configuration, checked once and completed: ``config`` holds what Snakemake was given
    (--configfile and --config, over ``base``); ``files`` are base and the --configfile files, each checked with its
    lines; the merged result is checked as a whole when the command line changed anything, then completed with the
    schema's defaults. ``config`` is updated in place (the Snakefile's ``config``) and returned."""
    problems, data = [], {}
    for name in files:
        if Path(name).is_file():
            try:
                data = merged(data, check_file(name, schema, name=name))
            except ConfigError as exc:
                problems += exc.problems
        elif name == base and len(files) == 1:
            problems.append(f"{base}: not found; the workflow reads its choices from it (see README.md)")
    if problems:
        raise ConfigError(problems)
    whole = merged(data, config)
    if config:
        check_values(whole, schema, f"the configuration ({base} with --config)")
    whole = merged(defaults(schema), whole)
    font = whole.get("chart_font_path")
    if font and not Path(font).is_file():
        raise ConfigError([f"{base}, chart_font_path: {font} does not exist. Install the Japanese font (`make setup` "
                           f"installs fonts-ipaexfont) or set chart_font_path to an installed TrueType/OpenType font."])
    config.clear()
    config.update(whole)
    return config


def checked_section(key: str, value: dict | None, schema: dict | None = None) -> dict:
    """One section of the configuration (diff_thresholds), checked against its part of the schema and completed
    with its defaults: for a program that reads the section alone (kyosai.diff.compare)."""
    schema = schema or load_schema()
    part = schema["properties"][key]
    value = merged(defaults(part), value or {})
    problems = _check_schema(value, part, key, None, skip_keys=False)
    if problems:
        raise ConfigError(problems)
    return value


def check_file(path: Path | str, schema: dict, name: str | None = None) -> dict:
    """The configuration in ``path`` (YAML), checked against ``schema``; ``name`` is how messages call the file."""
    path = Path(path)
    name = name or path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigError([f"{name}, line {line}: not UTF-8 text (byte {raw[exc.start]:#04x}); save the file as UTF-8 "
                           f"(an editor's Shift_JIS or ANSI is not read)"]) from None
    try:
        yamlguard.check(text, name)
    except yamlguard.YamlRefused as exc:
        raise ConfigError([exc.problem]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        raise ConfigError([_yaml_problem(name, exc, text)]) from None
    except yaml.YAMLError as exc:
        raise ConfigError([f"{name}: not valid YAML: {exc}"]) from None
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        raise ConfigError([f"{name}, line 1: expected keys (key: value, one a line), found a {type(data).__name__}"])
    problems: list[str] = []
    _check_keys(node, schema, name, (), problems)
    problems += _check_schema(data, schema, name, node, skip_keys=True)
    if problems:
        raise ConfigError(problems)
    return data


def check_values(config: dict, schema: dict, where: str) -> None:
    """A configuration without a file of its own (``where`` says where it comes from), checked against ``schema``."""
    problems = _check_schema(config, schema, where, None, skip_keys=False)
    if problems:
        raise ConfigError(problems)


# ---------------------------------------------------------------- the problems

def _yaml_problem(name: str, exc: yaml.MarkedYAMLError, text: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f"{name}, line {mark.line + 1}, column {mark.column + 1}" if mark else name
    what = exc.problem or "not valid YAML"
    if exc.context:
        context_mark = exc.context_mark
        what += f" ({exc.context}" + (f" at line {context_mark.line + 1}, column {context_mark.column + 1})"
                                     if context_mark else ")")
    if "\\t" in what:
        what += "; YAML indents with spaces, not tabs"
    elif mark and any(m in what for m in ("<document start>", "expected ':'", "mapping values are not allowed")):
        # a key without its colon (`unyo_years all`) is read as text running on to the next line: name it
        above = [(i, ln) for i, ln in enumerate(text.splitlines()[:mark.line])
                 if ln.strip() and not ln.lstrip().startswith("#")]
        if above and ":" not in above[-1][1].split("#")[0] and not above[-1][1].lstrip().startswith("-"):
            what += f"; is the colon missing on line {above[-1][0] + 1} ({above[-1][1].strip()!r})?"
        elif "mapping values are not allowed" in what:
            what += "; a value with ': ' in it goes in quotes"
    return f"{where}: not valid YAML: {what}"


def _keys_of(schema: dict) -> dict | None:
    """The keys a mapping may have, when the schema closes it (additionalProperties: false)."""
    if schema.get("type") == "object" and schema.get("additionalProperties") is False:
        return schema.get("properties", {})
    return None


def _unknown(key: str, allowed: list[str], where: str) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else "a key this workflow does not read"
    return f"unknown key {key}{where} ({hint}). The keys{' there' if where else ''} are: {', '.join(allowed)}"


def _check_keys(node, schema: dict, name: str, path: tuple, problems: list[str]) -> None:
    """Unknown and repeated keys of every closed mapping, each with its line (from the YAML nodes)."""
    if not isinstance(node, yaml.MappingNode):
        return
    allowed = _keys_of(schema)
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key, line = key_node.value, key_node.start_mark.line + 1
        dotted = ".".join((*path, str(key)))
        if key in seen:
            problems.append(f"{name}, line {line}: {dotted} is given twice (also on line {seen[key]}); keep one")
        seen.setdefault(key, line)
        if allowed is not None and key not in allowed:
            where = f" in {'.'.join(path)}" if path else ""
            problems.append(f"{name}, line {line}: " + _unknown(key, list(allowed), where))
        elif allowed is not None:
            _check_keys(value_node, allowed[key], name, (*path, str(key)), problems)


def _line_of(node, path) -> int | None:
    """The line of the value at ``path`` (keys and indices) in the YAML node tree."""
    line = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == part]
            if not match:
                break
            node = match[-1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _check_schema(data: dict, schema: dict, name: str, node, skip_keys: bool) -> list[str]:
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        path = list(error.absolute_path)
        dotted = ".".join(map(str, path))
        line = _line_of(node, path) if node is not None else None
        where = f"{name}, line {line}" if line else name
        description = error.schema.get("description")
        if error.validator == "additionalProperties":
            if skip_keys:
                continue   # reported with their lines by _check_keys
            allowed = list(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed)):
                problems.append(f"{where}: " + _unknown(key, allowed, f" in {dotted}" if dotted else ""))
            continue
        if error.validator == "required":
            for key in error.validator_value:
                about = error.schema.get("properties", {}).get(key, {}).get("description")
                problem = f"{where}: {'.'.join((*map(str, path), key))} is missing" + (f" ({about})" if about else "")
                if key not in error.instance and problem not in problems:
                    problems.append(problem)
            continue
        value = yaml.safe_dump(error.instance, default_flow_style=True, allow_unicode=True).strip()
        value = value.removesuffix("\n...").removesuffix("...").strip()
        if error.validator in ("oneOf", "anyOf"):
            what = f"{value} is not allowed"
        elif error.validator == "type":
            kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
            what = f"{value} is not {' or '.join(_KIND.get(k, k) for k in kinds)}"
        else:
            what = error.message
        problems.append(f"{where}, {dotted}: {what}" + (f" ({description})" if description else ""))
    return problems


_KIND = {"number": "a number", "integer": "a whole number", "string": "a text", "null": "null (off)",
         "object": "keys (key: value)", "array": "a list", "boolean": "true or false"}
