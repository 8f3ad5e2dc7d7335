"""`shenguan matter`: new, cancel, adjust, show and list the catalogue's matters (一（二））."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from shenguan.cli.common import (
    CatalogOpt,
    LangOpt,
    apply_lang,
    catalog_root,
    format_option,
    read,
    written,
)
from shenguan.cli.common import show as render

matter_app = typer.Typer(
    help="政务服务事项：新增、取消、调整、查看、列表（一（二））。示例：shenguan matter list --transferred",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
BasisOpt = Annotated[str, typer.Option("--basis", help="依据文件文号，如 未审改办发〔2026〕3号")]
DateOpt = Annotated[
    str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="调整日期 YYYY-MM-DD（默认今天）")
]
NEW_PROMPTS = {
    "code": "基本编码（12 位）",
    "name": "事项名称",
    "department": "实施部门标识",
    "basis": "新增依据文号",
    "law": "设定依据（法律法规名称|条款号）",
    "statutory": "法定办结时限（工作日）",
    "promised": "承诺办结时限（工作日）",
    "consult_phone": "咨询电话",
    "complaint_phone": "监督电话",
    "site_reason": "必须到现场办理的原因（如 核验申请材料原件）",
}


@matter_app.command("new")
def new(
    ctx: typer.Context,
    code: Annotated[
        str | None, typer.Option("--code", help="12 位基本编码，如 000172013000")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="事项名称")] = None,
    department: Annotated[
        str | None, typer.Option("--department", help="实施（审批）部门标识")
    ] = None,
    section: Annotated[str | None, typer.Option("--section", help="承办科室标识")] = None,
    supervising: Annotated[
        str | None, typer.Option("--supervising", help="监管部门标识（默认同实施部门）")
    ] = None,
    basis: Annotated[str | None, typer.Option("--basis", help="新增依据文号")] = None,
    law: Annotated[
        str | None, typer.Option("--law", help='设定依据："法律法规名称|条款号"')
    ] = None,
    statutory: Annotated[int | None, typer.Option("--statutory", help="法定办结时限（天）")] = None,
    promised: Annotated[
        int | None, typer.Option("--promised", help="承诺办结时限（天，0 为即办件）")
    ] = None,
    unit: Annotated[str, typer.Option("--unit", help="时限单位：工作日、自然日")] = "工作日",
    power_source: Annotated[
        str, typer.Option("--power-source", help="权力来源，如 法定本级、上级下放")
    ] = "法定本级",
    objects: Annotated[
        list[str] | None, typer.Option("--object", help="服务对象（可重复），默认 自然人")
    ] = None,
    forms: Annotated[
        list[str] | None, typer.Option("--form", help="办理形式（可重复），默认 窗口办理")
    ] = None,
    depth: Annotated[str, typer.Option("--depth", help="网办深度：Ⅰ、Ⅱ、Ⅲ、Ⅳ")] = "Ⅰ",
    url: Annotated[str | None, typer.Option("--url", help="网办地址（深度 Ⅱ 及以上必填）")] = None,
    consult_phone: Annotated[str | None, typer.Option("--consult-phone", help="咨询电话")] = None,
    complaint_phone: Annotated[
        str | None, typer.Option("--complaint-phone", help="监督电话")
    ] = None,
    site_reason: Annotated[
        str | None,
        typer.Option("--site-reason", help="必须到现场办理的原因（网办深度 Ⅳ 以下必填）"),
    ] = None,
    consult_address: Annotated[
        str | None, typer.Option("--consult-address", help="咨询地址（默认为大厅地址）")
    ] = None,
    complaint_address: Annotated[
        str | None, typer.Option("--complaint-address", help="投诉地址（默认为大厅地址）")
    ] = None,
    date: DateOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """新增事项：在终端上逐项询问缺少的要素，在脚本中须全部用选项给出；记录为“新增”调整。

    示例：shenguan matter new --code 002000699000 --name 老年人优待证办理 --department mzj --basis 未审改办发〔2026〕5号 --law "陕西省老年人权益保障条例|第三十条" --statutory 10 --promised 3 --consult-phone 029-86250101 --complaint-phone 12345 --site-reason 核验老年人身份证件原件
    """
    apply_lang(lang)
    from shenguan.errors import UsageError
    from shenguan.workflows.edit import apply
    from shenguan.workflows.matters import NewMatter
    from shenguan.workflows.matters import new as run_new

    given: dict[str, Any] = {
        "code": code,
        "name": name,
        "department": department,
        "basis": basis,
        "law": law,
        "statutory": statutory,
        "promised": promised,
        "consult_phone": consult_phone,
        "complaint_phone": complaint_phone,
    }
    if depth != "Ⅳ":  # one visit at the most: the clerk says why it cannot be avoided
        given["site_reason"] = site_reason
    missing = [k for k, v in given.items() if v is None]
    if missing and not sys.stdin.isatty():
        raise UsageError(
            "缺少选项：" + "、".join("--" + k.replace("_", "-") for k in missing),
            "在脚本中须用选项给出全部要素",
        )
    for key in missing:
        given[key] = typer.prompt(
            NEW_PROMPTS[key], type=int if key in ("statutory", "promised") else str
        )
    spec = NewMatter(
        **given,
        section=section,
        supervising=supervising,
        unit=unit,
        power_source=power_source,
        service_objects=objects or ["自然人"],
        handling_forms=forms or ["窗口办理"],
        depth=depth,
        url=url,
        date=date,
        consult_address=consult_address,
        complaint_address=complaint_address,
    )
    rel, files = apply(catalog_root(ctx, catalog), lambda tx: run_new(tx, spec))
    written(f"已新增事项 {rel}", files)


@matter_app.command("cancel")
def cancel(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="编码", help="基本编码")],
    basis: BasisOpt,
    date: DateOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """取消事项：状态改为“已取消”，并记录取消日期与依据文号。

    示例：shenguan matter cancel 611125002000 --basis 未审改办发〔2026〕4号 --date 2026-12-01
    """
    apply_lang(lang)
    from shenguan.workflows.edit import apply
    from shenguan.workflows.matters import cancel as run_cancel

    rel, files = apply(catalog_root(ctx, catalog), lambda tx: run_cancel(tx, code, basis, date))
    written(f"已取消事项 {code}", files)


@matter_app.command("adjust")
def adjust(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="编码", help="基本编码")],
    sets: Annotated[
        list[str],
        typer.Option(
            "--set",
            help="字段=值（可重复）；字段用点号路径或 JSON 指针，值按 YAML 读取，留空为删除",
        ),
    ],
    basis: BasisOpt,
    date: DateOpt = None,
    kind: Annotated[str, typer.Option("--kind", help="调整类型，默认 要素变更")] = "要素变更",
    note: Annotated[str | None, typer.Option("--note", help="调整说明")] = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """调整事项要素：只改指定字段（文件其余部分原样保留），并在调整记录中写明日期、类型、依据与字段。

    示例：shenguan matter adjust 000111001000 --set time_limit.promised.value=2 --basis 未审改办发〔2026〕3号
    """
    apply_lang(lang)
    from shenguan.workflows.edit import apply
    from shenguan.workflows.matters import adjust as run_adjust

    (rel, changed), files = apply(
        catalog_root(ctx, catalog), lambda tx: run_adjust(tx, code, sets, basis, date, kind, note)
    )
    written(f"已调整事项 {code}：{'、'.join(changed)}", files)


@matter_app.command("show")
def show(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="编码", help="基本编码")],
    show_restricted: Annotated[
        bool, typer.Option("--show-restricted", help="显示受限（个人）信息")
    ] = False,
    fmt: Annotated[str, format_option("matter show")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """查看一个事项的全部要素（中文标签），受限信息默认遮蔽。

    示例：shenguan matter show 000111001000
    """
    apply_lang(lang)
    from shenguan.workflows.matters import get
    from shenguan.workflows.matters import show as run_show

    render("matter show", fmt, code, run_show(get(read(ctx, catalog), code), show_restricted))


@matter_app.command("list")
def list_(
    ctx: typer.Context,
    department: Annotated[
        str | None, typer.Option("--department", help="审批、监管或实施部门标识")
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="事项类型代码或名称，如 01 或 行政许可")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="在用、已取消、暂停、待承接")
    ] = None,
    transferred: Annotated[
        bool | None,
        typer.Option("--transferred/--not-transferred", help="只列划转（或未划转）审批局的事项"),
    ] = None,
    fmt: Annotated[str, format_option("matter list")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """列出事项，可按部门、类型、状态、是否划转筛选。

    示例：shenguan matter list --department scjgj --type 行政许可 --transferred
    """
    apply_lang(lang)
    from shenguan.workflows.matters import listing

    render("matter list", fmt, listing(read(ctx, catalog), department, type_, status, transferred))


def register(app: typer.Typer) -> None:
    app.add_typer(matter_app, name="matter")
