"""Captions of generated images, so that later turns can refer to them by content."""

from __future__ import annotations

from typing import Any

from core.catalog import CATALOG, is_ref


def result_caption(skill: str, args: dict[str, Any], parent_caption: str) -> str:
    base = parent_caption or "the picture"
    match skill:
        case "text_to_image":
            return str(args.get("prompt", "a picture"))
        case "image_variation":
            extra = f", {args['prompt']}" if args.get("prompt") else ""
            return f"a variation of {base}{extra}"
        case "instruct_edit":
            return f"{base}, edited: {args.get('instruction', '')}"
        case "change_background":
            return f"{base}, on a new background: {args.get('background', '')}"
        case "remove_background":
            return f"{base}, cut out on a transparent background"
        case "replace_object":
            return f"{base}, with the {args.get('target')} replaced by {args.get('replacement')}"
        case "remove_object":
            return f"{base}, without the {args.get('target')}"
        case "to_anime":
            return f"an anime-style version of {base}"
        case "style_transfer":
            return f"{base}, in {args.get('style')} style"
        case "sketch_to_image" | "pose_to_image" | "qr_art":
            return str(args.get("prompt", base))
        case "outpaint":
            return f"a wider view of {base}"
        case "upscale":
            return f"{base}, upscaled x{args.get('factor') or 2}"
        case "colorize":
            return f"a colorized version of {base}"
        case "line_art":
            return f"a line drawing of {base}"
        case "make_sticker":
            return f"a sticker of {base}, with a white outline"
        case "style_reference":
            return f"{base}, in the style of another image"
        case "add_text":
            where = args.get("position") or "bottom"
            return f"{base}, with the text '{args.get('text')}' at the {where}"
        case "adjust":
            return f"{base}, {str(args.get('operation', 'adjusted')).replace('_', ' ')}"
    return base


def summary_line(skill: str, args: dict[str, Any], result_ref: str | None = None) -> str:
    """One line saying what was understood: `change_background · background="a beach" · #2`."""
    spec = CATALOG.get(skill)
    parts = [skill]
    for name, value in args.items():
        if value in (None, ""):
            continue
        kind = next((a.kind for a in spec.args if a.name == name), "text") if spec else None
        if kind is None:  # not a catalog skill (undo): refs still read as refs
            kind = "ref" if is_ref(value) else "text"
        parts.append(f"{name}={value}" if kind == "ref" else f'{name}="{value}"')
    if result_ref:
        parts.append(f"→ {result_ref}")
    return " · ".join(parts)
