"""`shenguan review`: legality review by the justice bureau (一（二）): packet, sign-off, gate, paper, audit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, catalog_root, format_option, show

review_app = typer.Typer(
    help="合法性审查（一（二））：审查申请、签署、门禁、纸质决定登记、核验。示例：shenguan review status --base main",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
BaseOpt = Annotated[
    str | None,
    typer.Option(
        "--base",
        metavar="REV",
        help="目标分支或上一发布（可信基准：审查策略、审查人名册与 allowed_signers 只从这里读取；默认 main）",
    ),
]
DecisionOpt = Annotated[str, typer.Option("--decision", help="审查结论：通过 或 不通过")]
LedgerRemoteOpt = Annotated[
    str | None,
    typer.Option(
        "--ledger-remote",
        metavar="NAME",
        help="同时读取该远程仓库的审查台账（shenguan-reviews 分支），如 origin（默认：审查策略的 ledger_remote）",
    ),
]
PushOpt = Annotated[
    bool, typer.Option("--push", help="把审查台账（shenguan-reviews 分支）推送到远程仓库")
]
KeyOpt = Annotated[
    Path,
    typer.Option("--key", metavar="PATH", help="审查人的 SSH 私钥（或 ssh-agent 中密钥的 .pub）"),
]
ReviewerOpt = Annotated[
    str | None,
    typer.Option("--reviewer", metavar="ID", help="审查人标识（默认：按密钥在名册中查找）"),
]


def _note(message: str) -> None:
    from shenguan.render.console import err, line

    err().print(line(("✓ ", "green"), message))


@review_app.command("request")
def request(
    ctx: typer.Context,
    base: BaseOpt = None,
    fmt: Annotated[str, format_option("review request")] = "markdown",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """审查申请：列出自基准以来须经合法性审查的每项变更（分类、变更字段、依据文件、内容摘要）和审查结论栏。

    示例：shenguan review request --base main > 审查申请.md
    """
    apply_lang(lang)
    from shenguan.review import packet

    show("review request", fmt, packet.request(catalog_root(ctx, catalog), base))


@review_app.command("sign")
def sign(
    ctx: typer.Context,
    decision: DecisionOpt,
    opinion: Annotated[str, typer.Option("--opinion", help="审查意见全文")],
    key: Annotated[
        Path,
        typer.Option(
            "--key", metavar="PATH", help="审查人的 SSH 私钥（或 ssh-agent 中密钥的 .pub）"
        ),
    ],
    reviewer: ReviewerOpt = None,
    push: PushOpt = False,
    ledger_remote: LedgerRemoteOpt = None,
    base: BaseOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """签署审查意见：对全部待审查变更写入 reviews/<id>.yaml 与 .sig（ssh-keygen -Y sign），覆盖每条记录的路径与内容摘要。

    示例：shenguan review sign --base main --decision 通过 --opinion "经审查，符合法律规定。" --key ~/.ssh/id_ed25519
    """
    apply_lang(lang)
    from shenguan.review.sign import sign as run_sign

    done = run_sign(
        catalog_root(ctx, catalog), base, decision, opinion, key, reviewer, push, ledger_remote
    )
    _note(
        f"已签署 {done.path}（{done.data['decision']}，覆盖 {len(done.data['covered'])} 个文件）。"
        f"请提交 {done.path} 及同名 .sig 文件并推送。"
    )
    _ledger_note(done)


def _ledger_note(done: object) -> None:
    pushed, command = getattr(done, "pushed", None), getattr(done, "push_command", "")
    if pushed:
        _note(f"已记入审查台账并推送到 {pushed}（shenguan-reviews 分支）。")
    else:
        _note(f"已记入本地审查台账（shenguan-reviews 分支）。请运行：{command}")


@review_app.command("status")
def status(
    ctx: typer.Context,
    base: BaseOpt = None,
    fmt: Annotated[str, format_option("review status")] = "text",
    ledger_remote: LedgerRemoteOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """审查门禁：自基准以来须审查的每项变更都有有效的审查通过记录时退出码为 0，否则为 1。

    状态：已审查通过、缺少审查、审查后又被修改、审查不通过、签名无效、审查人不在基准名册中、密钥已过期、审查链断裂、纸质决定。
    示例：shenguan review status --base origin/main --format github
    """
    apply_lang(lang)
    from shenguan.review.status import gate

    result = gate(catalog_root(ctx, catalog), base, remote=ledger_remote)
    show("review status", fmt, result)
    if not result.ok:
        raise typer.Exit(1)


@review_app.command("import")
def import_paper(
    ctx: typer.Context,
    document: Annotated[str, typer.Option("--document", metavar="文号", help="纸质审查决定的文号")],
    decision: DecisionOpt,
    date: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="决定日期")],
    key: KeyOpt,
    opinion: Annotated[str, typer.Option("--opinion", help="审查意见摘要（可选）")] = "",
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="作出决定的机关（须与审查人名册一致，可省略）"),
    ] = None,
    reviewer: ReviewerOpt = None,
    push: PushOpt = False,
    ledger_remote: LedgerRemoteOpt = None,
    base: BaseOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """登记纸质审查决定：由登记的审查人用其密钥登记（纸质决定本身未电子签名），文号须符合审查策略的格式，日期不早于变更的第一个提交；仅当基准的审查策略 accept_paper 为 true 时门禁才认可。

    示例：shenguan review import --document 未司审〔2026〕12号 --decision 通过 --date 2026-11-20 --key ~/.ssh/shenguan_review
    """
    apply_lang(lang)
    from shenguan.review.paper import record_paper

    done = record_paper(
        catalog_root(ctx, catalog),
        base,
        document,
        decision,
        date,
        opinion,
        organisation,
        key=key,
        reviewer=reviewer,
        push=push,
        remote=ledger_remote,
    )
    _note(
        f"已登记纸质决定 {done.path}（{decision}，覆盖 {len(done.data['covered'])} 个文件；"
        "纸质决定，未电子签名，由登记人签名）。请提交并推送。"
    )
    _ledger_note(done.signed)
    if not done.accepted:
        from shenguan.render.console import err, line

        err().print(
            line(
                ("注意：", "yellow"),
                "基准版本的审查策略不接受纸质决定（review_policy.accept_paper），门禁不会因此通过。",
            )
        )


@review_app.command("verify")
def verify(
    ctx: typer.Context,
    base: BaseOpt = None,
    fmt: Annotated[str, format_option("review verify")] = "text",
    ledger_remote: LedgerRemoteOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """核验全部审查记录：记录格式、签名（按基准的名册与 allowed_signers）、审查链是否完整；有问题时退出码 1。

    示例：shenguan review verify --base main
    """
    apply_lang(lang)
    from shenguan.review.verify import verify_all

    scope, result = verify_all(catalog_root(ctx, catalog), base, remote=ledger_remote)
    show("review verify", fmt, result, scope)
    if not result.ok:
        raise typer.Exit(1)


@review_app.command("render")
def render_archive(
    ctx: typer.Context,
    signoff: Annotated[str, typer.Argument(metavar="ID", help="审查记录标识（reviews/ID.yaml）")],
    fmt: Annotated[str, format_option("review render")] = "html",
    base: BaseOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """合法性审查意见书（存档用）：审查人、机关、结论、意见、日期、所审查的变更、签名密钥指纹与核验方法；HTML 可直接按 A4 打印。

    示例：shenguan review render r-20261128-0a1b2c --format html > 审查意见书.html
    """
    apply_lang(lang)
    from shenguan.review.archive import build

    show("review render", fmt, build(catalog_root(ctx, catalog), signoff, base))


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
