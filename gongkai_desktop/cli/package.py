"""`gongkai package …` and `gongkai keys …`: signed packages, keys and the trust registry."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from .. import keys
from ..errors import DomainError
from ..settings import SIGNATURE_ALGORITHM
from .common import open_workspace, print_table

PASSPHRASE_ENV = "GONGKAI_PASSPHRASE"
FINGERPRINT_HELP = "市府办密钥的指纹（8 组 5 位数字，从市府办的通知或电话中获得），如 \"12345 67890 …\"；第一次导入时必需，不给时在终端询问"
TRUST_LABELS = {"own": "本工作区的密钥", "registered": "已登记核对的单位密钥", "office": "认可的市府办密钥",
                "first_contact": "市府办密钥（首次收到，指纹已核对）", "rotation": "市府办的新密钥（由认可的旧密钥签名担保）",
                "upstream": "认可的上级审核端密钥", "first_contact_upstream": "上级审核端密钥（首次收到，指纹已核对）"}


def register(sub: argparse._SubParsersAction) -> None:
    pkg = sub.add_parser("package", help="文件包：导出报送、验证、下发").add_subparsers(dest="package_cmd", metavar="操作")
    p = pkg.add_parser("export", help="把本单位的目录导出为签名文件包（.gkpkg）")
    p.add_argument("areas", nargs="*", metavar="AREA", help="领域编号或名称（默认全部已编制的领域）")
    p.add_argument("-o", "--output", help="输出文件或文件夹（默认为数据目录下的 outbox）")
    p.add_argument("--attach", action="append", default=[], metavar="FILE", help="附件，如试点工作总体报告（.docx/.pdf），可多次使用")
    p.add_argument("--unit", help="以哪个单位导出（默认为本单位）")
    p.set_defaults(func=cmd_export)
    p = pkg.add_parser("verify", help="验证文件包：每个文件一行结论（任何一个不通过时退出码为 1）；与导入时的检查相同")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--office-fingerprint", metavar="DIGITS", help=FINGERPRINT_HELP)
    p.set_defaults(func=cmd_verify)
    p = pkg.add_parser("distribute", help="审核端：导出下发文件包（含市府办公钥、单位名册、截止日期）")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--template", action="append", default=[], metavar="AREA", help="同时下发某领域的模板，可多次使用")
    p.set_defaults(func=cmd_distribute)
    p = pkg.add_parser("import-distribution", help="单位端：导入市府办的下发文件包（第一次须核对市府办的密钥指纹）")
    p.add_argument("file")
    p.add_argument("--office-fingerprint", metavar="DIGITS", help=FINGERPRINT_HELP)
    p.set_defaults(func=cmd_import_distribution)

    k = sub.add_parser("keys", help="密钥：本单位密钥、登记、核对、吊销").add_subparsers(dest="keys_cmd", metavar="操作")
    p = k.add_parser("show", help="显示本工作区的密钥指纹（审核端另列出登记册）")
    p.set_defaults(func=cmd_show)
    p = k.add_parser("export-enrolment", help="导出密钥登记文件，交市府办登记")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--contact", default="", help="联系人")
    p.add_argument("--phone", default="", help="联系电话")
    p.set_defaults(func=cmd_export_enrolment)
    p = k.add_parser("import-enrolment", help="审核端：登记单位的密钥（待核对）")
    p.add_argument("file")
    p.set_defaults(func=cmd_import_enrolment)
    p = k.add_parser("confirm", help="审核端：电话核对指纹后确认密钥")
    p.add_argument("key", help="单位名称、编号或指纹")
    p.add_argument("digits", nargs="+", help="对方读出的指纹数字（8 组 5 位）")
    p.set_defaults(func=cmd_confirm)
    p = k.add_parser("revoke", help="审核端：吊销密钥（丢失或泄露时）")
    p.add_argument("key", help="单位名称、编号或指纹")
    p.add_argument("--reason", default="")
    p.set_defaults(func=cmd_revoke)
    p = k.add_parser("rotate", help="更换本单位密钥（旧密钥为新密钥签名）")
    p.add_argument("--lost", action="store_true", help="旧私钥已丢失：生成新密钥，须重新登记核对")
    p.add_argument("--algorithm", choices=sorted(keys.ALGORITHMS), help="新密钥的算法（默认与旧密钥相同）")
    p.set_defaults(func=cmd_rotate)
    p = k.add_parser("create", help="生成本工作区的密钥（通常在第一次导出时自动生成）")
    p.add_argument("--algorithm", choices=sorted(keys.ALGORITHMS), default="ed25519",
                   help="签名算法：ed25519（默认）或 sm2（国密 SM2/SM3）")
    p.set_defaults(func=cmd_create)


def _passphrase() -> str | None:
    """From the environment (scripts) or asked at the terminal when the key needs one."""
    return os.environ.get(PASSPHRASE_ENV) or None


def _with_passphrase(fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    try:
        return fn(*args, passphrase=_passphrase(), **kwargs)
    except DomainError as exc:
        if exc.code != "passphrase_required" or not sys.stdin.isatty():
            raise
        return fn(*args, passphrase=getpass.getpass("请输入私钥口令："), **kwargs)


def cmd_export(args: argparse.Namespace) -> int:
    from ..reference import get_area
    from ..unit.submit import export_submission

    with open_workspace(args) as ws:
        codes = [get_area(ws, a).code for a in args.areas] or None
        r = _with_passphrase(export_submission, ws, codes, args.output, attachments=args.attach, unit_code=args.unit)
        print(f"已导出：{r.path}")
        print(f"  第{r.sequence}号，{len(r.areas)} 个领域，{r.item_count} 个事项"
              + (f"，尚有 {r.problems_count} 个待完善问题" if r.problems_count else "，检查无问题"))
        info = keys.own_key_info(ws, args.unit)
        if info:
            print(f"  签名密钥指纹：{info.digits}")
    return 0


def check_meaning(ws, pkg, office_fingerprint: str | None = None) -> None:  # noqa: ANN001
    """What the import would check beyond the package itself, against this workspace (nothing is written)."""
    from ..workspace import ROLE_REVIEW

    with ws.session() as s:
        if pkg.kind in ("submission", "county_submission"):
            from ..office.checks import check_submission

            check_submission(s, pkg, office=ws.role == ROLE_REVIEW)
        elif ws.role != ROLE_REVIEW and pkg.trust != "own":
            if pkg.kind == "distribution":
                from ..unit.distribution import check_distribution

                check_distribution(s, ws, pkg, office_fingerprint)
            else:
                from ..unit.catalogs import current_unit
                from ..unit.results import check_result

                check_result(s, current_unit(ws), pkg)


def _verify(ws, f: str, fingerprint: str | None):  # noqa: ANN001, ANN202
    """A package as its import would judge it here (a county office: the prefecture's result too)."""
    from ..office import upstream
    from ..package.read import read_package
    from ..package.verify import read_source, verify_package

    try:
        peek = read_package(read_source(f))
    except DomainError:
        peek = None
    if peek is not None and upstream.is_upstream_result(ws, peek):
        return upstream.verify_result(ws, f, fingerprint)
    pkg = verify_package(ws, f)
    check_meaning(ws, pkg, fingerprint)
    return pkg


def cmd_verify(args: argparse.Namespace) -> int:
    """The same checks as the import, so a file that passes here imports and one that fails here is refused."""
    failed = 0
    with open_workspace(args) as ws:
        for f in args.files:
            try:
                pkg = _verify(ws, f, args.office_fingerprint)
            except DomainError as exc:
                failed += 1
                details = getattr(exc, "details", {})
                extra = f"（签名者指纹 {details['digits']}）" if details.get("digits") and exc.code in (
                    "unknown_signer", "pending_key") else ""
                if exc.code == "office_fingerprint_required":
                    extra = "可用 --office-fingerprint \"指纹数字\" 给出核对过的指纹。"
                print(f"不通过  {f}：{exc.message}{extra}")
                continue
            print(f"通过    {f}：{pkg.summary()}；签名者：{TRUST_LABELS.get(pkg.trust, pkg.trust)}，指纹 {pkg.digits}")
    return 1 if failed else 0


def cmd_distribute(args: argparse.Namespace) -> int:
    from ..office.distribute import export_distribution
    from ..reference import get_area

    with open_workspace(args) as ws:
        codes = [get_area(ws, a).code for a in args.template]
        r = _with_passphrase(export_distribution, ws, args.output, templates=codes)
        print(f"已导出下发文件包：{r.path}（第{r.sequence}号）")
        own = keys.own_key_info(ws)
        assert own is not None  # the package was just signed with it
        print(f"  市府办密钥指纹：{own.digits}")
    return 0


def _ask_office_fingerprint() -> str:
    """The digits typed at the terminal; with no terminal, a refusal that says how to pass them."""
    if not sys.stdin.isatty():
        raise DomainError("office_fingerprint_required",
                          "这是第一次导入市府办的下发文件包，须核对市府办的密钥指纹，而当前没有终端可以询问。"
                          "请从市府办的通知或电话中获取指纹（8 组 5 位数字），用 "
                          "`gongkai package import-distribution 文件 --office-fingerprint \"12345 67890 …\"` 给出。")
    print("这是第一次导入市府办的下发文件包，须先核对市府办的密钥指纹。", file=sys.stderr)
    print("请输入市府办通知（或电话）中的指纹（8 组 5 位数字，可带空格）：", file=sys.stderr, end="", flush=True)
    return sys.stdin.readline().strip()


def cmd_import_distribution(args: argparse.Namespace) -> int:
    from ..unit.distribution import import_distribution

    with open_workspace(args) as ws:
        try:
            r = import_distribution(ws, args.file, office_fingerprint=args.office_fingerprint)
        except DomainError as exc:
            if exc.code != "office_fingerprint_required" or args.office_fingerprint is not None:
                raise
            r = import_distribution(ws, args.file, office_fingerprint=_ask_office_fingerprint())
        print(f"已导入{r.office_name}的下发文件包（第{r.sequence}号）：单位名册 {r.unit_count} 个单位"
              + (f"，模板 {'、'.join(r.templates)}" if r.templates else ""))
        if r.learned_key:
            print(f"  指纹核对一致，已认可市府办的密钥：{keys.fingerprint_digits(r.fingerprint)}。今后只接受该密钥（或由它签名担保的新密钥）签名的市府办文件包。")
        if r.rotated_key:
            print(f"  市府办已更换密钥，新密钥由原认可的密钥签名担保，已改为认可新密钥：{keys.fingerprint_digits(r.fingerprint)}。")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info = _with_passphrase(keys.ensure_own_key, ws)
        print(f"本工作区密钥（{keys.ALGORITHMS[info.algorithm]}）指纹：")
        print(f"  {info.digits}")
        print(f"  私钥文件：{info.path}{'（口令保护）' if info.encrypted else ''}")
        office = keys.trusted_office_key(ws)
        if office:
            print(f"认可的市府办密钥指纹：{keys.fingerprint_digits(office['fingerprint'])}")
        rows = keys.list_keys(ws)
        if rows:
            print_table(["单位", "状态", "算法", "指纹"],
                        [[f"{r.unit_name}（{r.unit_code}）", r.status_label, r.algorithm, r.digits] for r in rows])
    return 0


def cmd_export_enrolment(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        contact = {k: v for k, v in (("name", args.contact), ("phone", args.phone)) if v}
        _with_passphrase(keys.export_enrolment, ws, contact, Path(args.output))
        info = keys.own_key_info(ws)
        assert info is not None  # the enrolment file was just signed with it
        print(f"已导出密钥登记文件：{args.output}")
        print(f"请将其交给市府办，并在电话中读出指纹：{info.digits}")
    return 0


def cmd_import_enrolment(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        r = keys.import_enrolment(ws, args.file)
        k = r.key
        if r.warning:
            print(f"!!! {r.warning}", file=sys.stderr)
        state = "已登记过" if r.already_enrolled else f"已登记（{k.status_label}）"
        print(f"{k.unit_name}（{k.unit_code}）的密钥{state}，指纹：{k.digits}")
        for note in r.notes:
            print(f"  {note}")
        if k.status == "pending":
            print(f"请电话联系该单位读出指纹，一致后运行：gongkai keys confirm {k.unit_code} 指纹数字")
    return 0


def cmd_confirm(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        try:
            k = keys.confirm_key(ws, args.key, " ".join(args.digits))
        except DomainError as exc:
            if exc.code == "bad_digits" and keys.normalise_digits(args.key) == args.key:
                raise DomainError(exc.code, exc.message + "是不是漏写了单位名称？用法：gongkai keys confirm 单位名称 "
                                                          "12345 67890 …（8 组数字）") from None
            raise
        print(f"已确认{k.unit_name}（{k.unit_code}）的密钥，今后接受其签名的文件包。")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        k = keys.revoke_key(ws, args.key, args.reason)
        print(f"已吊销{k.unit_name}（{k.unit_code}）的密钥 {k.digits}；今后拒绝其签名的文件包。")
    return 0


def cmd_rotate(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info = _with_passphrase(keys.rotate_own_key, ws, lost=args.lost, new_passphrase=_passphrase(),
                                algorithm=args.algorithm)
        print(f"已生成新密钥，指纹：{info.digits}")
        print("请导出新的密钥登记文件（gongkai keys export-enrolment）交市府办"
              + ("；旧密钥已签名担保，登记后即生效。" if not args.lost else "，并电话核对指纹。"))
    return 0


def cmd_create(args: argparse.Namespace) -> int:
    """A key with the chosen algorithm; protected by a passphrase when GONGKAI_PASSPHRASE is set."""
    with open_workspace(args) as ws:
        ws.put(SIGNATURE_ALGORITHM, args.algorithm)
        info = keys.create_own_key(ws, passphrase=_passphrase(), algorithm=args.algorithm)
        print(f"已生成本工作区密钥（{keys.ALGORITHMS[info.algorithm]}），指纹：{info.digits}")
    return 0
