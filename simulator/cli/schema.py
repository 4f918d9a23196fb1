"""`regsim schema [--sweep] [--out FILE]`: the JSON Schema of scenario files (committed as
scenarios/scenario.schema.json), or of sweep files (committed as sweeps/sweep.schema.json)."""

from __future__ import annotations

import json
import sys

from .options import file_path

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def scenario_json_schema() -> str:
    """The schema as text: sorted keys, two-space indent, a trailing newline (stable, so it can be diffed)."""
    from ..scenario.schema import Scenario  # lazy: start-up speed

    schema = Scenario.model_json_schema()
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "regsim scenario"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sweep_json_schema() -> str:
    """The schema of sweep files (``regsim sweep``), laid out as :func:`scenario_json_schema`."""
    from ..sweep.spec import SweepFile  # lazy: start-up speed

    schema = SweepFile.model_json_schema()
    schema["$schema"] = SCHEMA_DIALECT
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=file_path, metavar="FILE", help="write the schema to FILE instead of printing it")
    parser.add_argument("--sweep", action="store_true", help="the schema of sweep files (regsim sweep) instead")


def run(args) -> int:
    text = sweep_json_schema() if args.sweep else scenario_json_schema()
    if args.out is None:
        sys.stdout.write(text)
        return 0
    from ..output import write_file_atomically  # lazy: start-up speed

    write_file_atomically(args.out, text, "the schema")  # a failed write leaves the old file and no temporary
    return 0
