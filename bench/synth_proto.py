"""The protobuf equivalent of `synth.synth_spec(n)`, for comparing with buf: the same N
message types (same fields) and N RPCs in one service, in one file."""

from __future__ import annotations

from pathlib import Path


def synth_proto(n: int) -> str:
    out = ['syntax = "proto3";', "", "package synthetic.v1;", "",
           "enum Status {", "  STATUS_DRAFT = 0;", "  STATUS_PUBLISHED = 1;", "}"]
    for i in range(n):
        out.append(f"""
// Item number {i}.
message Item{i} {{
  int64 id = 1;
  string name = 2;
  Status status = 3;
  repeated string tags = 4;
  optional Item{(i + 1) % n} next = 5;
}}""")
    params = ("int64 limit = 1;", "optional string q = 1;", "int64 id = 1;", "int64 id = 1;")
    for i in range(n):
        out.append(f"""
message Fn{i}Request {{
  {params[i % 4]}
}}
message Fn{i}Response {{
  repeated Item{i} items = 1;
}}""")
    out.append("\nservice Synthetic {")
    out += [f"  // Function {i}.\n  rpc Fn{i}(Fn{i}Request) returns (Fn{i}Response);"
            for i in range(n)]
    out.append("}")
    return "\n".join(out) + "\n"


def write_proto(directory: Path, n: int) -> Path:
    """A buf module in `directory` (buf.yaml + one .proto file); returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "buf.yaml").write_text("version: v2\n", encoding="utf-8")
    (directory / "synthetic.proto").write_text(synth_proto(n), encoding="utf-8")
    return directory
