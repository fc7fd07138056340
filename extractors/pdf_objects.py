"""The objects of a pdfplumber page, read straight from its pdfminer layout.

pdfplumber's ``page.objects`` converts every attribute of every layout object into a dict,
which costs about as much as parsing the page. We need a handful of attributes, so we walk
``page.layout`` ourselves and keep only those, in pdfplumber's coordinates (top-left origin,
mediabox-adjusted, exactly as ``Page.process_object`` computes them). A cropped page, or one
whose objects pdfplumber has already built, goes through ``page.objects``.
"""
from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect


def page_objects(page: Any) -> dict[str, list[dict]]:
    """{"char": [...], "line": [...], "rect": [...], "curve": [...], "image": [...]} of a page."""
    if hasattr(page, "_objects") or getattr(page, "root_page", page) is not page or not hasattr(page, "layout"):
        objs = page.objects
        return {k: objs.get(k, []) for k in ("char", "line", "rect", "curve", "image")}
    out: dict[str, list[dict]] = {"char": [], "line": [], "rect": [], "curve": [], "image": []}
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    height = float(page.height)
    _walk(page.layout._objs, out, mb_x0, mb_top, height)
    return out


def _walk(objs: list, out: dict[str, list[dict]], mb_x0: float, mb_top: float, height: float) -> None:
    chars, rects, lines, curves = out["char"], out["rect"], out["line"], out["curve"]
    for obj in objs:
        if isinstance(obj, LTChar):
            gs = obj.graphicstate
            ncs = getattr(obj, "ncs", None)
            chars.append(
                {
                    "text": obj.get_text(),
                    "x0": obj.x0 + mb_x0,
                    "x1": obj.x1 + mb_x0,
                    "top": height - obj.y1 + mb_top,
                    "bottom": height - obj.y0 + mb_top,
                    "size": obj.size,
                    "fontname": obj.fontname if isinstance(obj.fontname, str) else str(obj.fontname),
                    "upright": obj.upright,
                    "non_stroking_color": gs.ncolor,
                    "ncs": getattr(ncs, "name", None),
                }
            )
        elif isinstance(obj, LTCurve):  # LTRect and LTLine are curves too
            d = {
                "x0": obj.x0 + mb_x0,
                "x1": obj.x1 + mb_x0,
                "top": height - obj.y1 + mb_top,
                "bottom": height - obj.y0 + mb_top,
                "stroke": obj.stroke,
                "fill": obj.fill,
                "non_stroking_color": obj.non_stroking_color,
            }
            if isinstance(obj, LTRect):
                rects.append(d)
            elif isinstance(obj, LTLine):
                lines.append(d)
            else:
                d["pts"] = [(mb_x0 + x, mb_top + height - y) for x, y in obj.pts]
                curves.append(d)
        elif isinstance(obj, LTImage):
            out["image"].append({"x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0})
        elif isinstance(obj, LTContainer):
            _walk(obj._objs, out, mb_x0, mb_top, height)
