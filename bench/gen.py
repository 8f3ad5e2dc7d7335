"""Synthetic catalogues for the benchmarks: N matters, valid under every rule, deterministic for a seed.

    python bench/gen.py --matters 10000 --out bench/work/cat-10000 [--seed 1] [--verify]

Departments, sections, liaisons, transfer records, published standards and push agreements are
derived from one plan, so the catalogue validates with no finding but Q018 (a warning: 行政备案, type
11, has no national code). About a third of the matters
are transferred to the approval bureau. Files are written with plain string building (see
common.dump) by worker processes, into a staging folder that is renamed into place at the end.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.use_source_tree()
from shenguan.codes import uscc_check_char  # noqa: E402
from shenguan.yamlio.digests import standard_digest  # noqa: E402

# ---------------------------------------------------------------- content
# Legal bases: real laws and articles (content abridged). key -> (law, doc_no, article, content)
LAWS = {
    "xzxk29": (
        "《中华人民共和国行政许可法》",
        "中华人民共和国主席令第七号",
        "第二十九条",
        "公民、法人或者其他组织从事特定活动，依法需要取得行政许可的，应当向行政机关提出申请。",
    ),
    "xzxk42": (
        "《中华人民共和国行政许可法》",
        "中华人民共和国主席令第七号",
        "第四十二条",
        "除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。",
    ),
    "xzcf54": (
        "《中华人民共和国行政处罚法》",
        "中华人民共和国主席令第七十号",
        "第五十四条",
        "行政机关发现公民、法人或者其他组织有依法应当给予行政处罚的行为的，必须全面、客观、公正地调查，收集有关证据……",
    ),
    "sp35": (
        "《中华人民共和国食品安全法》",
        "中华人民共和国主席令第二十一号",
        "第三十五条",
        "国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。",
    ),
    "sp110": (
        "《中华人民共和国食品安全法》",
        "中华人民共和国主席令第二十一号",
        "第一百一十条",
        "县级以上人民政府食品安全监督管理部门履行食品安全监督管理职责，有权采取下列措施，对生产经营者遵守本法的情况进行监督检查……",
    ),
    "sp122": (
        "《中华人民共和国食品安全法》",
        "中华人民共和国主席令第二十一号",
        "第一百二十二条",
        "违反本法规定，未取得食品生产经营许可从事食品生产经营活动的，由县级以上人民政府食品安全监督管理部门没收违法所得和违法生产经营的食品……",
    ),
    "tz33": (
        "《中华人民共和国特种设备安全法》",
        "中华人民共和国主席令第四号",
        "第三十三条",
        "特种设备使用单位应当在特种设备投入使用前或者投入使用后三十日内，向负责特种设备安全监督管理的部门办理使用登记，取得使用登记证书。",
    ),
    "gg8": (
        "《公共场所卫生管理条例》",
        "国发〔1987〕24号",
        "第八条",
        "除公园、体育场（馆）、公共交通工具外的公共场所，经营单位应当及时向卫生行政部门申请办理“卫生许可证”。“卫生许可证”两年复核一次。",
    ),
    "gg14": (
        "《公共场所卫生管理条例》",
        "国发〔1987〕24号",
        "第十四条",
        "凡有下列行为之一的单位或者个人，卫生防疫机构可以根据情节轻重，给予警告、罚款、停业整顿、吊销“卫生许可证”的行政处罚……",
    ),
    "yl15": (
        "《医疗机构管理条例》",
        "中华人民共和国国务院令第149号",
        "第十五条",
        "医疗机构执业，必须进行登记，领取《医疗机构执业许可证》。",
    ),
    "ys13": (
        "《中华人民共和国医师法》",
        "中华人民共和国主席令第九十四号",
        "第十三条",
        "国家实行医师执业注册制度。取得医师资格的，可以向所在地县级以上地方人民政府卫生健康主管部门申请注册。",
    ),
    "yc9": (
        "《娱乐场所管理条例》",
        "中华人民共和国国务院令第458号",
        "第九条",
        "娱乐场所申请从事娱乐场所经营活动，应当向所在地县级人民政府文化主管部门提出申请。",
    ),
    "yy13": (
        "《营业性演出管理条例》",
        "中华人民共和国国务院令第439号",
        "第十三条",
        "举办营业性演出，应当向演出所在地县级人民政府文化主管部门提出申请。",
    ),
    "mb12": (
        "《中华人民共和国民办教育促进法》",
        "中华人民共和国主席令第八十号",
        "第十二条",
        "举办实施学历教育、学前教育、自学考试助学及其他文化教育的民办学校，由县级以上人民政府教育行政部门按照国家规定的权限审批。",
    ),
    "xc14": (
        "《校车安全管理条例》",
        "中华人民共和国国务院令第617号",
        "第十四条",
        "使用校车应当依照本条例的规定取得许可。",
    ),
    "js13": (
        "《教师资格条例》",
        "中华人民共和国国务院令第188号",
        "第十三条",
        "幼儿园、小学和初级中学教师资格，由申请人户籍所在地或者申请人任教学校所在地的县级人民政府教育行政部门认定。",
    ),
    "yw12": (
        "《中华人民共和国义务教育法》",
        "中华人民共和国主席令第五十二号",
        "第十二条",
        "适龄儿童、少年免试入学。地方各级人民政府应当保障适龄儿童、少年在户籍所在地学校就近入学。",
    ),
    "ld57": (
        "《中华人民共和国劳动合同法》",
        "中华人民共和国主席令第六十五号",
        "第五十七条",
        "经营劳务派遣业务，应当向劳动行政部门依法申请行政许可；经许可的，依法办理相应的公司登记。",
    ),
    "rl18": (
        "《人力资源市场暂行条例》",
        "中华人民共和国国务院令第700号",
        "第十八条",
        "经营性人力资源服务机构从事职业中介活动的，应当依法向人力资源社会保障行政部门申请行政许可，取得人力资源服务许可证。",
    ),
    "sy16": (
        "《失业保险条例》",
        "中华人民共和国国务院令第258号",
        "第十六条",
        "失业人员应当持本单位为其出具的终止或者解除劳动关系的证明，及时到指定的社会保险经办机构办理失业登记。",
    ),
    "jz7": (
        "《中华人民共和国建筑法》",
        "中华人民共和国主席令第九十一号",
        "第七条",
        "建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门申请领取施工许可证。",
    ),
    "jz64": (
        "《中华人民共和国建筑法》",
        "中华人民共和国主席令第九十一号",
        "第六十四条",
        "违反本法规定，未取得施工许可证或者开工报告未经批准擅自施工的，责令改正，对不符合开工条件的责令停止施工，可以处以罚款。",
    ),
    "rq15": (
        "《城镇燃气管理条例》",
        "中华人民共和国国务院令第583号",
        "第十五条",
        "国家对燃气经营实行许可证制度。从事燃气经营活动的企业，应当具备下列条件……",
    ),
    "st3": (
        "《社会团体登记管理条例》",
        "中华人民共和国国务院令第250号",
        "第三条",
        "成立社会团体，应当经其业务主管单位审查同意，并依照本条例的规定进行登记。",
    ),
    "mf3": (
        "《民办非企业单位登记管理暂行条例》",
        "中华人民共和国国务院令第251号",
        "第三条",
        "成立民办非企业单位，应当经其业务主管单位审查同意，并依照本条例的规定登记。",
    ),
    "jz9": (
        "《社会救助暂行办法》",
        "中华人民共和国国务院令第649号",
        "第九条",
        "国家对共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合当地最低生活保障家庭财产状况规定的家庭，给予最低生活保障。",
    ),
    "ys24": (
        "《中华人民共和国道路运输条例》",
        "中华人民共和国国务院令第406号",
        "第二十四条",
        "申请从事货运经营的，应当按照规定向县级道路运输管理机构提出申请，并提交符合条件的相关材料。",
    ),
    "ny24": (
        "《农药管理条例》",
        "中华人民共和国国务院令第677号",
        "第二十四条",
        "国家实行农药经营许可制度，但经营卫生用农药的除外。",
    ),
    "dw25": (
        "《中华人民共和国动物防疫法》",
        "中华人民共和国主席令第六十九号",
        "第二十五条",
        "兴办动物饲养场和隔离场所等，应当向县级以上地方人民政府农业农村主管部门提出申请，并附具相关材料。",
    ),
    "sr11": (
        "《城市市容和环境卫生管理条例》",
        "中华人民共和国国务院令第101号",
        "第十一条",
        "大型户外广告的设置必须征得城市人民政府市容环境卫生行政主管部门同意后，按照有关规定办理审批手续。",
    ),
    "ls101": (
        "《国务院对确需保留的行政审批项目设定行政许可的决定》",
        "中华人民共和国国务院令第412号",
        "附件第101项",
        "城市建筑垃圾处置核准。实施机关：城市人民政府市容环境卫生行政主管部门。",
    ),
    "ls183": (
        "《国务院对确需保留的行政审批项目设定行政许可的决定》",
        "中华人民共和国国务院令第412号",
        "附件第183项",
        "成品油零售经营资格审批。",
    ),
    "yh19": (
        "《烟花爆竹安全管理条例》",
        "中华人民共和国国务院令第455号",
        "第十九条",
        "从事烟花爆竹零售的经营者，应当向所在地县级人民政府安全生产监督管理部门提出申请。",
    ),
    "wh33": (
        "《危险化学品安全管理条例》",
        "中华人民共和国国务院令第591号",
        "第三十三条",
        "国家对危险化学品经营（包括仓储经营）实行许可制度。未经许可，任何单位和个人不得经营危险化学品。",
    ),
    "yj7": (
        "《生产安全事故应急条例》",
        "中华人民共和国国务院令第708号",
        "第七条",
        "生产经营单位应当将其制定的生产安全事故应急救援预案按照国家有关规定报送县级以上人民政府负有安全生产监督管理职责的部门备案。",
    ),
    "hp22": (
        "《中华人民共和国环境影响评价法》",
        "中华人民共和国主席令第七十七号",
        "第二十二条",
        "建设项目的环境影响报告书、报告表，由建设单位按照国务院的规定报有审批权的生态环境主管部门审批。",
    ),
    "hp31": (
        "《中华人民共和国环境影响评价法》",
        "中华人民共和国主席令第七十七号",
        "第三十一条",
        "建设单位未依法报批建设项目环境影响报告书、报告表，擅自开工建设的，由县级以上生态环境主管部门责令停止建设。",
    ),
    "gh41": (
        "《中华人民共和国城乡规划法》",
        "中华人民共和国主席令第七十四号",
        "第四十一条",
        "在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设的，建设单位或者个人应当向乡、镇人民政府提出申请，由乡、镇人民政府报城市、县人民政府城乡规划主管部门核发乡村建设规划许可证。",
    ),
    "bdc14": (
        "《不动产登记暂行条例》",
        "中华人民共和国国务院令第656号",
        "第十四条",
        "因买卖、设定抵押权等申请不动产登记的，应当由当事人双方共同申请。",
    ),
    "tz6": (
        "《企业投资项目核准和备案管理条例》",
        "中华人民共和国国务院令第673号",
        "第六条",
        "企业办理项目核准手续，应当向核准机关提交项目申请书；由国务院核准的项目，向国务院投资主管部门提交项目申请书。",
    ),
    "tz13": (
        "《企业投资项目核准和备案管理条例》",
        "中华人民共和国国务院令第673号",
        "第十三条",
        "实行备案管理的项目，企业应当在开工建设前通过在线平台将企业基本情况、项目名称等信息告知备案机关。",
    ),
    "zs7": (
        "《再生资源回收管理办法》",
        "商务部令2007年第8号",
        "第七条",
        "从事再生资源回收经营活动，应当在取得营业执照后30日内，向同级商务主管部门或者其授权机构备案。",
    ),
    "yfk7": (
        "《单用途商业预付卡管理办法（试行）》",
        "商务部令2012年第9号",
        "第七条",
        "发卡企业应在开展单用途卡业务之日起30日内向备案机关办理备案。",
    ),
}
FEE_BASIS = (
    "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》",
    "发改价格规〔2016〕2559号",
    "第一条",
    "不动产登记费按件收取，住宅类不动产登记收费标准为每件80元，非住宅类为每件550元。",
)


class Dept(NamedTuple):
    id: str
    name: str
    role: str
    bureau_section: str  # the bureau's approval section that took over this department's licences
    sections: tuple[tuple[str, str, str], ...]  # (suffix, name, role)


class Arche(NamedTuple):
    key: str
    name: str
    type: str
    result: str  # "名称/类型" or ""
    law: str
    supervise: str  # the supervision section suffix
    movable: bool  # transferred to the approval bureau
    power: str = "法定本级"
    origin: str = ""  # "名称/层级" of the delegating or entrusting body
    flags: tuple[str, ...] = ()
    src: str = "00"


SPK = ("spk", "行政审批科", "approval")
DEPTS = (
    Dept(
        "spj",
        "行政审批服务局",
        "审批局",
        "",
        (
            ("zhsl", "综合受理科", "approval"),
            ("scjr", "市场准入审批科", "approval"),
            ("shsw", "社会事务审批科", "approval"),
            ("jsgc", "建设项目审批科", "approval"),
            ("nyjt", "农业交通审批科", "approval"),
            ("zwfw", "政务服务管理科", "other"),
        ),
    ),
    Dept("sgb", "委编办（审改办）", "审改办", "", (("sgk", "审改科", "other"),)),
    Dept(
        "sfj",
        "司法局",
        "司法局",
        "",
        (("hfx", "合法性审查科", "other"), ("fy", "行政复议与应诉科", "other")),
    ),
    Dept(
        "scjgj",
        "市场监督管理局",
        "业务部门",
        "scjr",
        (
            SPK,
            ("spaq", "食品安全监管科", "supervision"),
            ("tsjg", "特种设备安全监察科", "supervision"),
            ("zfdd", "综合执法大队", "supervision"),
        ),
    ),
    Dept(
        "wjw",
        "卫生健康委员会",
        "业务部门",
        "shsw",
        (SPK, ("ggws", "公共卫生监督科", "supervision"), ("yzk", "医政医管科", "supervision")),
    ),
    Dept(
        "wlj",
        "文化和旅游体育局",
        "业务部门",
        "shsw",
        (SPK, ("whsc", "文化市场管理科", "supervision")),
    ),
    Dept(
        "jyj",
        "教育局",
        "业务部门",
        "shsw",
        (SPK, ("mbjy", "民办教育管理科", "supervision"), ("aqk", "安全稳定科", "supervision")),
    ),
    Dept(
        "rsj",
        "人力资源和社会保障局",
        "业务部门",
        "scjr",
        (
            SPK,
            ("ldjc", "劳动保障监察大队", "supervision"),
            ("rlsc", "人力资源市场科", "supervision"),
        ),
    ),
    Dept(
        "zjj",
        "住房和城乡建设局",
        "业务部门",
        "jsgc",
        (SPK, ("jzsc", "建筑市场管理科", "supervision"), ("rqgl", "燃气管理科", "supervision")),
    ),
    Dept(
        "mzj",
        "民政局",
        "业务部门",
        "shsw",
        (SPK, ("shzz", "社会组织管理科", "supervision"), ("shjz", "社会救助科", "supervision")),
    ),
    Dept("jtj", "交通运输局", "业务部门", "nyjt", (SPK, ("ysgl", "运输管理科", "supervision"))),
    Dept(
        "nyj",
        "农业农村局",
        "业务部门",
        "nyjt",
        (SPK, ("nyzf", "农业综合执法大队", "supervision"), ("xmsy", "畜牧兽医科", "supervision")),
    ),
    Dept(
        "cgj",
        "城市管理和综合执法局",
        "业务部门",
        "jsgc",
        (SPK, ("srgl", "市容管理科", "supervision")),
    ),
    Dept(
        "yjj",
        "应急管理局",
        "业务部门",
        "scjr",
        (SPK, ("whp", "危险化学品安全监督管理科", "supervision")),
    ),
    Dept("sthj", "生态环境分局", "业务部门", "jsgc", (SPK, ("hjjg", "环境监管科", "supervision"))),
    Dept(
        "zrzy",
        "自然资源和规划分局",
        "业务部门",
        "jsgc",
        (SPK, ("zfjc", "执法监察科", "supervision")),
    ),
    Dept("fgw", "发展和改革委员会", "业务部门", "jsgc", (SPK, ("tzk", "投资科", "supervision"))),
    Dept("swj", "商务局", "业务部门", "scjr", (SPK, ("scyx", "市场运行和监管科", "supervision"))),
)
BUSINESS = [d for d in DEPTS if d.role == "业务部门"]
A = Arche
ARCHES: dict[str, list[Arche]] = {
    "scjgj": [
        A("spjy", "食品经营许可", "01", "食品经营许可证/证照", "sp35", "spaq", True),
        A(
            "tssy",
            "特种设备使用登记",
            "01",
            "特种设备使用登记证/证照",
            "tz33",
            "tsjg",
            True,
            flags=("安全生产",),
        ),
        A(
            "spsc",
            "食品生产许可（部分类别）",
            "01",
            "食品生产许可证/证照",
            "sp35",
            "spaq",
            True,
            "上级下放",
            "陕西省市场监督管理局/2",
        ),
        A(
            "spcf",
            "对未取得食品经营许可从事食品经营活动的行政处罚",
            "02",
            "",
            "sp122",
            "zfdd",
            False,
        ),
        A("spjc", "食品生产经营监督检查", "06", "", "sp110", "zfdd", False),
    ],
    "wjw": [
        A("ggcs", "公共场所卫生许可", "01", "公共场所卫生许可证/证照", "gg8", "ggws", True),
        A(
            "yljg",
            "医疗机构执业登记",
            "01",
            "医疗机构执业许可证/证照",
            "yl15",
            "yzk",
            True,
            flags=("专业复杂",),
        ),
        A("yszc", "医师执业注册", "01", "医师执业证书/证照", "ys13", "yzk", False),
        A("ggcf", "对公共场所经营单位未取得卫生许可证的行政处罚", "02", "", "gg14", "ggws", False),
    ],
    "wlj": [
        A("ylcs", "娱乐场所经营许可", "01", "娱乐经营许可证/证照", "yc9", "whsc", True),
        A(
            "yyyc",
            "营业性演出审批",
            "01",
            "营业性演出批准文件/批文",
            "yy13",
            "whsc",
            True,
            flags=("重大公共利益",),
        ),
        A("whjc", "文化市场经营场所监督检查", "06", "", "xzcf54", "whsc", False),
    ],
    "jyj": [
        A("mbxx", "民办学校办学许可", "01", "民办学校办学许可证/证照", "mb12", "mbjy", True),
        A("xcsy", "校车使用许可", "01", "校车标牌/证照", "xc14", "aqk", True, flags=("安全生产",)),
        A("jszg", "教师资格认定", "01", "教师资格证书/证照", "js13", "mbjy", False),
        A(
            "ywrx",
            "义务教育阶段学生入学服务",
            "20",
            "入学通知/其他",
            "yw12",
            "mbjy",
            False,
            src="61",
        ),
    ],
    "rsj": [
        A("lwpq", "劳务派遣经营许可", "01", "劳务派遣经营许可证/证照", "ld57", "ldjc", True),
        A("rlzy", "人力资源服务许可", "01", "人力资源服务许可证/证照", "rl18", "rlsc", True),
        A("sybx", "失业保险金申领", "05", "失业保险金核定/其他", "sy16", "rlsc", False),
    ],
    "zjj": [
        A(
            "sgxk",
            "建筑工程施工许可证核发",
            "01",
            "建筑工程施工许可证/证照",
            "jz7",
            "jzsc",
            True,
            flags=("安全生产",),
        ),
        A(
            "rqjy",
            "燃气经营许可",
            "01",
            "燃气经营许可证/证照",
            "rq15",
            "rqgl",
            True,
            flags=("安全生产", "重大公共利益"),
        ),
        A("sgcf", "对未取得施工许可证擅自施工的行政处罚", "02", "", "jz64", "jzsc", False),
    ],
    "mzj": [
        A("sttd", "社会团体成立登记", "01", "社会团体法人登记证书/证照", "st3", "shzz", True),
        A(
            "mfqy",
            "民办非企业单位成立登记",
            "01",
            "民办非企业单位登记证书/证照",
            "mf3",
            "shzz",
            True,
        ),
        A("dbsp", "最低生活保障审批", "05", "最低生活保障金领取证/证照", "jz9", "shjz", False),
    ],
    "jtj": [
        A("hyjy", "道路货物运输经营许可", "01", "道路运输经营许可证/证照", "ys24", "ysgl", True),
        A("ysjc", "道路运输经营监督检查", "06", "", "xzcf54", "ysgl", False),
    ],
    "nyj": [
        A(
            "nyjy",
            "农药经营许可",
            "01",
            "农药经营许可证/证照",
            "ny24",
            "nyzf",
            True,
            flags=("安全生产",),
        ),
        A("dwfy", "动物防疫条件合格证核发", "01", "动物防疫条件合格证/证照", "dw25", "xmsy", True),
        A("nyjc", "农资市场监督检查", "06", "", "xzcf54", "nyzf", False),
    ],
    "cgj": [
        A(
            "hwgg",
            "户外广告设施设置审批",
            "01",
            "户外广告设施设置批准文件/批文",
            "sr11",
            "srgl",
            True,
        ),
        A(
            "jzlj",
            "城市建筑垃圾处置核准",
            "01",
            "城市建筑垃圾处置核准文件/批文",
            "ls101",
            "srgl",
            True,
        ),
        A("srjc", "市容环境卫生监督检查", "06", "", "xzcf54", "srgl", False),
    ],
    "yjj": [
        A(
            "yhbz",
            "烟花爆竹经营（零售）许可",
            "01",
            "烟花爆竹经营（零售）许可证/证照",
            "yh19",
            "whp",
            True,
            flags=("安全生产",),
        ),
        A(
            "whjy",
            "危险化学品经营许可（不带储存）",
            "01",
            "危险化学品经营许可证/证照",
            "wh33",
            "whp",
            True,
            "上级委托",
            "西安市应急管理局/3",
            ("安全生产",),
        ),
        A(
            "yjya",
            "生产经营单位生产安全事故应急预案备案",
            "11",
            "备案登记表/其他",
            "yj7",
            "whp",
            False,
            src="61",
        ),
    ],
    "sthj": [
        A(
            "hpsp",
            "建设项目环境影响评价文件审批",
            "01",
            "环境影响评价文件批复/批文",
            "hp22",
            "hjjg",
            True,
            "上级委托",
            "西安市生态环境局/3",
            ("环境保护",),
        ),
        A("hpcf", "对未批先建建设项目的行政处罚", "02", "", "hp31", "hjjg", False),
    ],
    "zrzy": [
        A(
            "xcgh",
            "乡村建设规划许可证核发",
            "01",
            "乡村建设规划许可证/证照",
            "gh41",
            "zfjc",
            True,
            "上级委托",
            "西安市自然资源和规划局/3",
        ),
        A("bdcdj", "不动产登记", "07", "不动产权证书/证照", "bdc14", "zfjc", False),
    ],
    "fgw": [
        A(
            "tzhz",
            "企业投资项目核准",
            "01",
            "项目核准文件/批文",
            "tz6",
            "tzk",
            True,
            flags=("重大公共利益",),
        ),
        A("tzba", "企业投资项目备案", "11", "项目备案证明/其他", "tz13", "tzk", False, src="61"),
    ],
    "swj": [
        A("zsba", "再生资源回收经营者备案", "11", "备案回执/其他", "zs7", "scyx", True, src="61"),
        A(
            "cpyl",
            "成品油零售经营资格审批",
            "01",
            "成品油零售经营批准证书/证照",
            "ls183",
            "scyx",
            True,
            "上级下放",
            "陕西省商务厅/2",
            ("安全生产",),
        ),
        A("yfka", "单用途商业预付卡备案", "11", "备案证明/其他", "yfk7", "scyx", False, src="61"),
    ],
}
TRANSFER_KIND = {"法定本级": "划转", "上级下放": "承接", "上级委托": "委托"}
TRANSFER_PREFIX = {"划转": "hz", "承接": "cj", "委托": "wt"}
OBJECTS = {
    "01": ["企业法人", "事业法人", "社会组织法人", "其他组织"],
    "02": ["自然人", "企业法人", "其他组织"],
    "05": ["自然人"],
    "06": ["企业法人", "其他组织"],
    "07": ["自然人", "企业法人"],
    "11": ["企业法人"],
    "20": ["自然人"],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰春梅海燕晓东文斌宇航佳怡子涵浩然欣悦"
DEPT = {d.id: d for d in DEPTS}
STREETS = (
    "张家堡街道",
    "未央宫街道",
    "汉城街道",
    "六村堡街道",
    "谭家街道",
    "草滩街道",
    "徐家湾街道",
    "大明宫街道",
    "辛家庙街道",
    "未央湖街道",
    "三桥街道",
    "建章路街道",
)
MATERIALS = (  # (name, type, source, necessity, form, originals, copies, shared, note)
    (
        "营业执照",
        "证件证书证明",
        "政府部门核发",
        "必要",
        "电子化",
        0,
        0,
        True,
        "通过信息共享获取，免于提交。",
    ),
    (
        "法定代表人身份证明",
        "证件证书证明",
        "政府部门核发",
        "必要",
        "电子化",
        0,
        0,
        True,
        "通过电子证照库核验，免于提交。",
    ),
    (
        "场所平面布局图",
        "其他",
        "申请人自备",
        "必要",
        "纸质/电子化",
        1,
        0,
        False,
        "标明功能分区和面积，加盖公章。",
    ),
    (
        "场所使用权证明",
        "证件证书证明",
        "申请人自备",
        "必要",
        "纸质/电子化",
        0,
        1,
        False,
        "产权证明或租赁合同。",
    ),
    (
        "安全管理制度文本",
        "其他",
        "申请人自备",
        "容缺后补",
        "电子化",
        0,
        0,
        False,
        "可容缺受理，承诺期限内补齐。",
    ),
    (
        "授权委托书",
        "申请表格文书",
        "申请人自备",
        "非必要",
        "纸质",
        1,
        0,
        False,
        "委托他人办理的提交。",
    ),
    (
        "专业技术人员资格证明",
        "证件证书证明",
        "申请人自备",
        "必要",
        "纸质/电子化",
        0,
        1,
        False,
        "复印件加盖公章。",
    ),
)
PROCESS = {
    "受理": "窗口接收材料，齐全的当场受理，不齐全的一次告知。",
    "审查": "对申请材料的实质内容进行审查。",
    "现场核查": "两名以上工作人员现场核查并制作记录。",
    "会商": "与监管部门会商，形成会商意见。",
    "决定": "作出准予或者不予许可的书面决定。",
    "颁证": "十日内制发证件，同步生成电子证照。",
    "送达": "窗口领取、邮寄或电子送达，并推送监管部门。",
}
HALL_ADDRESS = "西安市未央区凤城八路西安市未央区政务服务中心"
ENFORCE = ("02", "06")  # penalties and inspections: no application, enforcement steps
ENFORCE_PROCESS = (
    ("受理", "对线索登记、审核后立案。"),
    ("现场核查", "两名以上执法人员出示证件，调查取证。"),
    ("审查", "法制审核，告知当事人陈述、申辩和听证权利。"),
    ("决定", "集体讨论后作出决定。"),
    ("送达", "七日内送达决定书。"),
)
ENFORCE_FAQ = (
    "对决定不服怎么办？",
    "可以自收到决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼。",
)
FAQ = (
    (
        "申请材料可以容缺受理吗？",
        "主要申请材料齐全、次要材料欠缺的，可以先行受理，申请人书面承诺在规定期限内补齐。",
    ),
    (
        "可以在网上申请吗？",
        "可以。登录陕西政务服务网未央区站点，选择本事项在线提交申请，也可以使用移动端办理。",
    ),
    ("办理进度如何查询？", "可以通过陕西政务服务网、移动端或者拨打咨询电话查询办理进度。"),
    ("办理结果可以邮寄吗？", "可以。申请时选择邮寄送达，邮寄费用由政府购买服务承担。"),
)
CONDITIONS = {
    "01": "具有与申请事项相适应的场所、设施设备和专业技术人员，管理制度健全。",
    "02": "违法事实清楚、证据确凿，且在法定追责期限之内。",
    "05": "符合给付条件，如实申报家庭收入、财产并配合核查。",
    "06": "依据年度检查计划、“双随机、一公开”抽查或投诉举报线索实施。",
    "07": "申请材料真实、合法、有效，申请事项符合法律、法规的规定。",
    "11": "在规定期限内通过在线平台或窗口如实告知备案信息。",
    "20": "符合服务对象条件，按照办事指南提交申请。",
}
LIMITS = {
    "01": (20, "工作日"),
    "02": (90, "自然日"),
    "05": (30, "工作日"),
    "06": (30, "工作日"),
    "07": (20, "工作日"),
    "11": (5, "工作日"),
    "20": (10, "工作日"),
}


_SHARED: dict[Any, Any] = {}


def shared(key: Any, make: Callable[[], Any]) -> Any:
    """One frozen object per key: the writer renders it once and reuses its lines (see common.frozen)."""
    obj = _SHARED.get(key)
    if obj is None:
        obj = _SHARED[key] = common.frozen(make())
    return obj


def _basis(key: str) -> dict[str, str]:
    law, doc_no, article, content = LAWS[key]
    return shared(
        ("basis", key),
        lambda: {"law": law, "doc_no": doc_no, "article": article, "content": content},
    )


def _limit(value: int, unit: str = "工作日") -> dict[str, Any]:
    return shared(("limit", value, unit), lambda: {"value": value, "unit": unit})


def matter(
    plan: Plan,
    rng: random.Random,
    dept_id: str,
    arche: Arche,
    mid: str,
    transfer: str,
    standard: str,
) -> dict[str, Any]:
    """One matter record; every rule of `shenguan rules` holds for it given the plan's other records."""
    moved, t, sub = bool(transfer), arche.type, int(mid[-3:])
    body = "spj" if moved else dept_id
    data: dict[str, Any] = {"kind": "matter", "id": mid}
    if arche.src != "00":
        data["local_code"] = f"XA-WY-{mid[2:4]}-{mid[4:]}"
    data |= {
        "name": arche.name if sub == 0 else f"{arche.name}（{STREETS[sub % len(STREETS)]}）",
        "type": t,
        "level": "4",
        "implementation_code": f"{plan.uscc[body]}4{mid}",
    }
    data |= _custody(plan, dept_id, arche, transfer)
    implementing = "xzxk42" if t == "01" and rng.random() < 0.3 else "xzcf54" if t == "02" else ""
    data["legal_basis"] = shared(
        ("legal", arche.law, implementing),
        lambda: (
            {"setting": [_basis(arche.law)]}
            | ({"implementing": [_basis(implementing)]} if implementing else {})
        ),
    )
    data |= _time_limit(rng, t)
    data["conditions"] = CONDITIONS[t]
    data["quantity_limit"] = "无数量限制。"
    data["fee"] = _fee(arche)
    if t not in ENFORCE:
        data["materials"] = _materials(rng, arche)
    data |= _service(rng, arche, dept_id)
    data["hall"] = _hall(t, moved)
    data["online"] = _online(rng, t, mid)
    if data["fee"].get("charged"):
        data["support"] = shared("pay-online", lambda: {"online_payment": True})
    if t == "02":
        data["punishment"] = shared(("punishment", arche.key), lambda: _punishment(arche))
    if arche.flags:
        data["consultation"] = shared(("flags", arche.flags), lambda: {"flags": list(arche.flags)})
    if standard:
        data["standard"] = {"id": standard, "version": 1}
    data["contact"] = shared(
        ("contact", dept_id),
        lambda: {
            "consult_phone": plan.phone[dept_id],
            "complaint_phone": "12345",
            "consult_address": f"{HALL_ADDRESS}一楼综合咨询台",
            "complaint_address": f"{HALL_ADDRESS}一楼“办不成事”反映窗口",
        },
    )
    ask = -1 if t in ENFORCE else rng.randrange(len(FAQ))
    data["faq"] = shared(
        ("faq", ask), lambda: [dict(zip(("q", "a"), ENFORCE_FAQ if ask < 0 else FAQ[ask]))]
    )
    data |= _status(rng, arche, moved)
    if t in ("01", "07"):
        count = rng.randint(2, 4)
        data["handle_items"] = shared(
            ("items", arche.key, count),
            lambda: [
                {"no": f"{n + 1:02d}", "name": f"{arche.name}（{k}）", "kind": k}
                for n, k in enumerate(HANDLE_KINDS[:count])
            ],
        )
    return data


HANDLE_KINDS = ("新设", "变更", "延续", "注销")


def _custody(plan: Plan, dept_id: str, arche: Arche, transfer: str) -> dict[str, Any]:
    moved = bool(transfer)
    body = "spj" if moved else dept_id
    section = f"spj-{DEPT[dept_id].bureau_section}" if moved else f"{dept_id}-spk"
    out: dict[str, Any] = {
        "implementing_body": shared(
            ("body", body, section, arche.power),
            lambda: {
                "department": body,
                "nature": "3" if arche.power == "上级委托" else "1",
                "section": section,
            },
        ),
        "power_source": arche.power,
    }
    if arche.power == "上级委托":
        name, level = arche.origin.split("/")
        out["entrusting_body"] = shared(
            ("origin", name), lambda: {"name": name, "uscc": plan.origin_uscc[name], "level": level}
        )
    out["custody"] = shared(
        ("custody", dept_id, arche.supervise, transfer),
        lambda: (
            {
                "approving_department": body,
                "approving_section": section,
                "supervising_department": dept_id,
                "supervising_section": f"{dept_id}-{arche.supervise}",
            }
            | ({"transfer": transfer} if moved else {})
        ),
    )
    return out


def _time_limit(rng: random.Random, t: str) -> dict[str, Any]:
    """即办件 promise 0 days (R302); promises never exceed the statutory limit (R301)."""
    instant = t == "11" or (t in ("01", "07") and rng.random() < 0.08)
    stat, unit = LIMITS[t]
    promised = (
        0 if instant else min(stat, rng.choice((3, 5, 7, 10, 15)) if unit == "工作日" else 60)
    )
    limit = shared(
        ("tl", t, promised),
        lambda: {
            "statutory": _limit(stat, unit),
            "promised": {"value": promised, "unit": unit}
            | ({"note": "当场办结。"} if instant else {}),
        },
    )
    return {"time_limit": limit, "handling_type": "即办件" if instant else "承诺件"}


def _service(rng: random.Random, arche: Arche, supervisor: str) -> dict[str, Any]:
    t = arche.type
    out = {"process": _process(rng, arche, supervisor)}
    objects = OBJECTS[t]
    pick = tuple(sorted(rng.sample(range(len(objects)), k=min(2, len(objects)))))
    out["service_objects"] = shared(("objects", t, pick), lambda: [objects[i] for i in pick])
    out["handling_forms"] = shared(
        ("forms", t in ENFORCE),
        lambda: ["窗口办理"] if t in ENFORCE else ["窗口办理", "网上办理"],
    )
    if arche.result:
        name, kind = arche.result.split("/")
        out["result"] = shared(
            ("result", arche.key),
            lambda: {
                "name": name,
                "type": kind,
                "sample": f"https://zwfw.shaanxi.gov.cn/wy/yb/{arche.key}.pdf",
            },
        )
    out["intermediary"] = shared("no-intermediary", lambda: {"involved": False})
    if t == "01" and rng.random() < 0.3:
        out["special_procedures"] = shared(
            "special",
            lambda: [{"name": "现场核查、专家评审", "note": "所需时间不计入办理时限。"}],
        )
    return out


def _status(rng: random.Random, arche: Arche, moved: bool) -> dict[str, Any]:
    cancelled = not moved and rng.random() < 0.04
    status = "已取消" if cancelled else "暂停" if not moved and rng.random() < 0.01 else "在用"
    return {"status": status, "adjustments": _adjustments(rng, arche, moved, cancelled)}


def _fee(arche: Arche) -> dict[str, Any]:
    if arche.key != "bdcdj":
        return shared("free", lambda: {"charged": False})
    law, doc_no, article, content = FEE_BASIS
    return shared(
        "fee",
        lambda: {
            "charged": True,
            "basis": [{"law": law, "doc_no": doc_no, "article": article, "content": content}],
            "items": [
                {"name": "住宅类不动产登记费", "standard": "每件80元"},
                {"name": "非住宅类不动产登记费", "standard": "每件550元"},
            ],
        },
    )


def _material(n: int) -> dict[str, Any]:
    name, kind, source, need, shape, orig, copies, free, note = MATERIALS[n]
    return shared(
        ("material", n),
        lambda: (
            {
                "name": name,
                "type": kind,
                "source": source,
                "necessity": need,
                "form": shape,
                "originals": orig,
                "copies": copies,
            }
            | ({"shared": True} if free else {})
            | {"note": note}
        ),
    )


def _materials(rng: random.Random, arche: Arche) -> list[dict[str, Any]]:
    form = shared(
        ("form", arche.key),
        lambda: {
            "name": f"{arche.name}申请书",
            "type": "申请表格文书",
            "source": "申请人自备",
            "necessity": "必要",
            "form": "纸质/电子化",
            "originals": 1,
            "copies": 0,
        },
    )
    return [form, *(_material(n) for n in rng.sample(range(len(MATERIALS)), k=rng.randint(1, 3)))]


def _process(rng: random.Random, arche: Arche, supervisor: str) -> list[dict[str, Any]]:
    """Licences have 受理、审查、决定、送达 (+颁证 for a certificate, R307) and 会商 when flagged (R409)."""
    if arche.type in ENFORCE:
        return shared(
            "enforce",
            lambda: [{"stage": stage, "description": text} for stage, text in ENFORCE_PROCESS],
        )
    check = arche.type == "01" and rng.random() < 0.5
    stages = [
        "受理",
        "审查",
        *(["现场核查"] if check else []),
        *(["会商"] if arche.flags else []),
        "决定",
        *(["颁证"] if arche.result.endswith("/证照") else []),
        "送达",
    ]
    return shared(
        ("process", arche.key, check),
        lambda: [
            {"stage": st, "description": PROCESS[st]}
            | ({"with_department": supervisor} if st == "会商" else {})
            for st in stages
        ],
    )


def _hall(t: str, moved: bool) -> dict[str, Any]:
    if t in ENFORCE:
        return shared(
            "no-hall",
            lambda: {
                "in_hall": False,
                "reason": "执法类事项在执法现场实施，不进驻政务服务大厅；相关文书可在大厅综合窗口领取。",
            },
        )
    return shared(
        ("hall", moved),
        lambda: {
            "in_hall": True,
            "window": "审批局综合受理区" if moved else "部门专区",
            "address": "未央区凤城八路政务服务中心",
            "hours": "工作日 9:00-12:00，13:30-17:00",
        },
    )


def _punishment(arche: Arche) -> dict[str, Any]:
    behaviour = arche.name.removeprefix("对").removesuffix("的行政处罚")
    return {
        "behaviour": behaviour,
        "kinds": ["警告", "罚款"],
        "range": "依设定依据规定的罚款幅度，按违法情节轻重裁量。",
    }


def _online(rng: random.Random, t: str, mid: str) -> dict[str, Any]:
    if t in ("02", "06"):
        return {"depth": "Ⅰ", "site_visits": 1, "site_reason": "须到现场接受调查询问并核验身份证件"}
    depth = rng.choice(("Ⅱ", "Ⅲ", "Ⅲ", "Ⅳ", "Ⅳ"))
    visits = {"Ⅱ": 2, "Ⅲ": 1, "Ⅳ": 0}[depth]
    return {
        "depth": depth,
        "url": f"https://zwfw.shaanxi.gov.cn/wy/item/{mid}",
        "mobile_url": f"https://zwfw.shaanxi.gov.cn/wy/m/item/{mid}",
        "site_visits": visits,
    } | ({"site_reason": "须现场核验申请材料原件"} if visits else {})


def _adjustments(
    rng: random.Random, arche: Arche, moved: bool, cancelled: bool
) -> list[dict[str, Any]]:
    """Oldest first (R312); a cancelled matter records its 取消 with the basis document (R311)."""
    out = [
        {
            "date": f"2019-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}",
            "kind": "新增",
            "basis": "未审改办发〔2019〕4号",
        }
    ]
    if moved:
        kind = TRANSFER_KIND[arche.power]
        out.append(
            shared(
                ("adj", kind),
                lambda: {
                    "date": "2021-03-31",
                    "kind": kind,
                    "basis": "未审改办发〔2021〕3号",
                    "note": f"{kind}至区行政审批服务局。",
                },
            )
        )
    if cancelled:
        out.append(
            shared(
                "cancel",
                lambda: {
                    "date": "2024-06-30",
                    "kind": "取消",
                    "basis": "未审改办发〔2024〕5号",
                    "note": "依据上级决定取消。",
                },
            )
        )
    return out


# ---------------------------------------------------------------- the records around the matters
def support(plan: Plan) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, kind, data) of the manifest, departments, liaisons, transfers, agreements, standards."""
    out = [("shenguan.yaml", "manifest", MANIFEST)]
    out += [(f"departments/{d.id}.yaml", "department", _department(plan, d)) for d in DEPTS]
    rng = random.Random(plan.seed)
    out += [
        (f"liaisons/{d.id}.yaml", "liaison", _liaisons(rng, d))
        for d in DEPTS
        if d.role in ("审批局", "业务部门")
    ]
    out += [
        (f"transfers/{t}.yaml", "transfer", _transfer(t, codes))
        for t, codes in sorted(plan.transfers.items())
    ]
    moved = sorted({t.split("-")[1] for t in plan.transfers})
    out += [(f"agreements/{d}.yaml", "agreement", _agreement(d)) for d in moved]
    out += [
        (f"standards/{s}/v1.yaml", "standard", _standard(s, plan.standard_arche[s], codes))
        for s, codes in sorted(plan.standards.items())
    ]
    return out


MANIFEST = {
    "kind": "manifest",
    "id": "weiyang-bench",
    "schema_version": 2,
    "region": {"name": "未央区", "code": "610112", "parent": "西安市"},
    "level": "4",
    "approval_department": "spj",
    "review_policy": {
        "kinds": ["matter", "transfer", "standard"],
        "exempt_fields": ["/contact/consult_phone", "/contact/complaint_phone", "/hall/hours"],
        "accept_paper": True,
    },
    "public_site": {
        "hall_name": "西安市未央区政务服务中心",
        "address": HALL_ADDRESS,
        "hours": "周一至周五 上午9:00-12:00，下午13:30-17:00（法定节假日除外）",
        "consult_phone": "029-86250000",
        "complaint_phone": "12345",
        "website": "https://zwfw.shaanxi.gov.cn/wy/",
    },
}
FULL_NAME = {
    "sthj": "西安市生态环境局未央分局",
    "zrzy": "西安市自然资源和规划局未央分局",
    "sgb": "中共西安市未央区委机构编制委员会办公室",
}


def _department(plan: Plan, d: Dept) -> dict[str, Any]:
    return {
        "kind": "department",
        "id": d.id,
        "name": FULL_NAME.get(d.id, f"西安市未央区{d.name}"),
        "short_name": f"区{d.name}",
        "uscc": plan.uscc[d.id],
        "role": d.role,
        "level": "4",
        "sections": [
            {"id": f"{d.id}-{s}", "name": name, "role": role} for s, name, role in d.sections
        ],
    }


def _person(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    return name, f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"


def _liaisons(rng: random.Random, d: Dept) -> dict[str, Any]:
    people = []
    for n, (s, _, role) in enumerate(d.sections):
        if role == "other":
            continue
        if n % 3 == 1:  # a predecessor, so the registry has history
            name, mobile = _person(rng)
            people.append(
                {
                    "section": f"{d.id}-{s}",
                    "name": name,
                    "mobile": mobile,
                    "since": "2021-01-15",
                    "until": "2023-12-31",
                }
            )
        name, mobile = _person(rng)
        people.append(
            {
                "section": f"{d.id}-{s}",
                "name": name,
                "mobile": mobile,
                "office_phone": f"029-8626{n:04d}",
                "since": "2024-01-01" if n % 3 == 1 else "2021-01-15",
            }
        )
    return {"kind": "liaison", "id": d.id, "department": d.id, "liaisons": people}


STEPS = {
    "划转": ("提议", "已征求意见", "合法性审查", "已完成"),
    "承接": ("提议", "已征求意见", "合法性审查", "已完成"),
    "委托": ("提议", "已征求意见", "合法性审查", "市级同意", "授权书重签", "已完成"),
}
STEP_DATES = ("2020-12-20", "2021-01-15", "2021-02-05", "2021-02-25", "2021-03-10", "2021-03-31")


def _transfer(tid: str, codes: list[str]) -> dict[str, Any]:
    prefix, dept, _ = tid.split("-")
    kind = next(k for k, p in TRANSFER_PREFIX.items() if p == prefix)
    arche = next(a for a in ARCHES[dept] if a.movable and TRANSFER_KIND[a.power] == kind)
    steps = STEPS[kind]
    dates = STEP_DATES[: len(steps) - 1] + (STEP_DATES[-1],)
    history = [
        {
            "state": s,
            "date": d,
            "evidence": [
                {
                    "title": f"{DEPT[dept].name}事项{kind}{s}文件",
                    "doc_no": f"未审改办函〔{d[:4]}〕{n + 11}号",
                    "date": d,
                }
            ],
        }
        for n, (s, d) in enumerate(zip(steps, dates))
    ]
    data: dict[str, Any] = {
        "kind": "transfer",
        "id": tid,
        "transfer_kind": kind,
        "title": f"区{DEPT[dept].name}行政许可事项{kind}至区行政审批服务局（第{int(tid[-3:])}批）",
        "from_department": dept,
        "to_department": "spj",
    }
    if arche.origin:
        name, level = arche.origin.split("/")
        data["origin"] = {"name": name, "level": level}
    data |= {
        "matters": codes,
        "basis": "未审改办发〔2021〕3号",
        "state": "已完成",
        "history": history,
    }
    if kind == "委托":
        name = arche.origin.split("/")[0]
        data["entrustment"] = {
            "consent": {
                "title": f"{name}关于同意委托事项由区行政审批服务局实施的复函",
                "doc_no": "市政务函〔2021〕8号",
                "date": "2021-02-25",
            },
            "authorization": {
                "doc_no": f"WT-2021-{dept.upper()}-{tid[-3:]}",
                "signed_date": "2021-03-10",
                "valid_until": "2030-12-31",
                "scope": ["受理", "审查", "决定", "颁证", "送达"],
            },
        }
    data["completed_date"] = STEP_DATES[-1]
    return data


def _agreement(dept: str) -> dict[str, Any]:
    return {
        "kind": "agreement",
        "id": dept,
        "approval_department": "spj",
        "supervising_department": dept,
        "push": {
            "time_limit": _limit(1),
            "content": ["许可决定书", "证照信息", "申请人信息", "许可范围及有效期"],
            "format": "电子证照+结构化数据",
            "channel": "西安市审管联动信息平台",
        },
        "supervision_push": {"channel": "书面函告+审管联动信息平台", "time_limit": _limit(3)},
        "signed_date": "2021-04-15",
        "documents": [
            {
                "title": f"区行政审批服务局与区{DEPT[dept].name}审批信息推送约定",
                "doc_no": "未审管约〔2021〕1号",
                "date": "2021-04-15",
            }
        ],
    }


def _standard(sid: str, arche: Arche, codes: list[str]) -> dict[str, Any]:
    dept = sid.split("-")[1]
    stage = {
        "受理": [
            "申请材料齐全、符合法定形式的，当场受理并出具受理通知书。",
            "申请材料不齐全的，一次性告知需要补正的全部内容。",
        ],
        "审查": [
            "对申请材料的实质内容进行核实。",
            "需要现场核查的，指派两名以上工作人员进行核查。",
        ],
        "决定": [
            "符合条件的，作出准予行政许可的书面决定。",
            "不予许可的，说明理由并告知申请行政复议或者提起行政诉讼的权利。",
        ],
        "颁证": ["自作出决定之日起十日内颁发证件，同步生成电子证照。"],
        "送达": [
            "通过窗口领取、邮寄或电子方式送达。",
            "办结后一个工作日内将审批信息推送监管部门。",
        ],
    }
    days = {"受理": 1, "审查": 3, "决定": 1, "颁证": 1, "送达": 1}
    data: dict[str, Any] = {
        "kind": "standard",
        "id": sid,
        "title": f"{arche.name}审批标准",
        "department": dept,
        "matters": codes,
        "status": "已发布",
        "version": 1,
        "effective_date": "2021-05-01",
        "published_date": "2021-04-20",
        "stages": {
            s: {"requirements": r, "time_limit": _limit(days[s]), "responsible": "审批科室经办人"}
            for s, r in stage.items()
        },
        "consultation": {
            "required": bool(arche.flags),
            "with_department": dept,
            "when": "涉及" + "、".join(arche.flags) + "的，审查环节与监管部门会商。"
            if arche.flags
            else "无须会商。",
        },
        "legal_basis": [_basis(arche.law)],
    }
    data["digest"] = standard_digest(data)
    return data


# ---------------------------------------------------------------- plan and writing
HEADER = "# yaml-language-server: $schema=../schemas/{}.json"
BATCH_TRANSFER = 100  # matters per transfer record
BATCH_STANDARD = 50  # matters per published standard


def uscc(region: str, serial: int) -> str:
    first17 = f"11{region}MB{2955000 + serial * 37:07d}"
    return first17 + uscc_check_char(first17)


class Plan:
    """Who each matter belongs to and which transfer and standard cover it: cheap, made once."""

    def __init__(self, count: int, seed: int) -> None:
        self.seed = seed
        self.uscc = {d.id: uscc("610112", n) for n, d in enumerate(DEPTS)}
        origins = sorted(
            {a.origin.split("/")[0] for arches in ARCHES.values() for a in arches if a.origin}
        )
        self.origin_uscc = {name: uscc("610100", n) for n, name in enumerate(origins)}
        self.phone = {d.id: f"029-8625{n + 1:04d}" for n, d in enumerate(DEPTS)}
        self.standard_arche: dict[str, Arche] = {}
        self.rows: list[tuple[Any, ...]] = []
        self.transfers: dict[str, list[str]] = {}  # id -> matter ids
        self.standards: dict[str, list[str]] = {}
        per_type: dict[str, int] = {}
        own: dict[tuple[str, str], int] = {}  # (dept, transfer kind) -> transferred so far
        rng = random.Random(seed)
        for i in range(count):
            dept = BUSINESS[i % len(BUSINESS)]
            moved = (i // len(BUSINESS)) % 3 == 0
            arche = self._arche(rng, dept.id, moved, own)
            n = per_type.get(arche.type, 0)
            per_type[arche.type] = n + 1
            mid = f"{arche.src}{arche.type}{n // 10 + 1:05d}{n % 10:03d}"
            transfer = standard = ""
            if moved:
                kind = TRANSFER_KIND[arche.power]
                k = own.get((dept.id, kind), 0)
                own[(dept.id, kind)] = k + 1
                transfer = f"{TRANSFER_PREFIX[kind]}-{dept.id}-{k // BATCH_TRANSFER + 1:03d}"
                self.transfers.setdefault(transfer, []).append(mid)
                if arche.type == "01":
                    standard = f"bz-{dept.id}-{arche.key}-{k // BATCH_STANDARD + 1:02d}"
                    self.standards.setdefault(standard, []).append(mid)
                    self.standard_arche[standard] = arche
            self.rows.append((i, dept.id, arche, mid, transfer, standard))

    @staticmethod
    def _arche(
        rng: random.Random, dept: str, moved: bool, own: dict[tuple[str, str], int]
    ) -> Arche:
        pool = [a for a in ARCHES[dept] if a.movable == moved]
        arche = rng.choice(pool)
        # 二（二）: a delegated matter goes to the bureau only once the bureau holds that department's
        # district approval power, i.e. after a completed 划转 of one of its own matters.
        if arche.power == "上级下放" and not own.get((dept, "划转")):
            arche = next(a for a in pool if a.power == "法定本级")
        return arche


def _write(root: Path, rel: str, text: str) -> int:
    data = text.encode("utf-8")
    path = root / rel
    if rel.count("/") > 1:
        path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return len(data)


_PLAN: list[Plan] = []  # set before the worker pool forks, so jobs need not pickle the plan


def _matters_chunk(args: tuple[Path, int, int]) -> int:
    root, lo, hi = args
    plan = _PLAN[0]
    total = 0
    for row in plan.rows[lo:hi]:
        rng = random.Random(plan.seed * 1_000_003 + row[0])
        data = matter(plan, rng, *row[1:])
        total += _write(root, f"matters/{row[3]}.yaml", common.dump(data, HEADER.format("matter")))
    return total


def write_catalog(out: Path, count: int, seed: int, workers: int) -> dict[str, Any]:
    started = time.perf_counter()
    plan = Plan(count, seed)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    for folder in ("departments", "matters", "liaisons", "agreements", "transfers", "standards"):
        (staging / folder).mkdir(parents=True)
    try:
        shutil.copytree(common.REPO / "schemas", staging / "schemas")
        for rel, kind, data in support(plan):
            _write(
                staging,
                rel,
                common.dump(data, HEADER.format(kind).replace("../", "../" * rel.count("/"), 1)),
            )
        size = _write_matters(staging, plan, count, workers)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {
        "matters": count,
        "seed": seed,
        "matter_bytes": size,
        "seconds": round(time.perf_counter() - started, 2),
        "transferred": sum(1 for r in plan.rows if r[4]),
        "transfers": len(plan.transfers),
        "standards": len(plan.standards),
    }


def _write_matters(root: Path, plan: Plan, count: int, workers: int) -> int:
    _PLAN[:] = [plan]
    if workers <= 1 or count < 2000:
        return _matters_chunk((root, 0, count))
    step = max(500, count // (workers * 8))
    jobs = [(root, lo, min(lo + step, count)) for lo in range(0, count, step)]
    with get_context("fork").Pool(workers) as pool:
        return sum(pool.imap_unordered(_matters_chunk, jobs))


# The one finding the generator cannot avoid: 行政备案 (type 11) has no national code (Q018, a warning).
EXPECTED = {"Q018"}


def verify(out: Path) -> int:
    """Run `shenguan validate` on the result; the generator promises no finding but EXPECTED. Without
    a cache: the new folder is not a repository yet, so a cache would land in an enclosing checkout's
    .git."""
    shenguan = common.tool("shenguan")
    usage = subprocess.run([shenguan, "validate", "--help"], capture_output=True, text=True).stdout
    no_cache = ["--no-cache"] if "--no-cache" in usage else []
    proc = subprocess.run(
        [shenguan, "validate", *no_cache, "-C", str(out), "--format", "json"],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-2000:])
        return proc.returncode
    found = [f for f in json.loads(proc.stdout)["findings"] if f["rule"] not in EXPECTED]
    if found:
        sys.stderr.write(json.dumps(found[:20], ensure_ascii=False, indent=1) + "\n")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = common.Parser(description="生成合成的事项目录（基准测试用），在全部规则下校验通过。")
    parser.add_argument(
        "--matters", type=int, required=True, metavar="N", help="事项数量，如 1000、10000、100000"
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="输出文件夹（已存在且非空时须加 --force）",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="随机种子；同一种子生成的目录逐字节相同（默认 1）",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="写文件的进程数（默认：CPU 核数）",
    )
    parser.add_argument("--force", action="store_true", help="覆盖已存在的输出文件夹")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="生成后运行 shenguan validate，确认除 Q018（行政备案无国家代码）外没有任何发现",
    )
    args = parser.parse_args(argv)
    if args.matters < 1:
        parser.error("--matters 须为正整数")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"{args.out} 已存在且不是文件夹；请换一个输出路径")
    if args.out.exists() and any(args.out.iterdir()) and not args.force:
        parser.error(f"{args.out} 已存在且不为空；如要覆盖请加 --force")
    if args.workers < 1:
        parser.error("--workers 须为正整数")
    stats = write_catalog(args.out.resolve(), args.matters, args.seed, args.workers)
    mean = stats["matter_bytes"] / args.matters
    print(
        f"已生成 {args.out}：事项 {args.matters} 项（划转审批局 {stats['transferred']} 项，平均 {mean:.0f} 字节），"
        f"划转记录 {stats['transfers']} 份，审批标准 {stats['standards']} 项，用时 {stats['seconds']} 秒。"
    )
    if args.verify:
        rc = verify(args.out)
        print(
            "校验通过：除 Q018（行政备案无国家代码）外没有任何发现。"
            if rc == 0
            else f"校验未通过（退出码 {rc}）。",
            file=sys.stderr if rc else sys.stdout,
        )
        return 0 if rc == 0 else 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        sys.exit(130)
