"""Every rule code with its severity, Chinese title and the clause of the notice or law it enforces."""

from __future__ import annotations

from dataclasses import dataclass

from shenguan.findings import Severity

E, W = Severity.ERROR, Severity.WARNING
NOTICE = "未审改办发〔2020〕6号"
LAW = "《中华人民共和国行政许可法》"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    clause: str
    layer: str
    title_en: str = ""


_TABLE: list[tuple[str, Severity, str, str]] = [
    ("Y001", E, "文件须为 UTF-8 编码", "数据安全：YAML 输入"),
    ("Y002", E, "文件大小不超过 1 MiB", "数据安全：YAML 输入"),
    ("Y003", E, "YAML 语法正确", "YAML 1.2"),
    ("Y004", E, "不得有重复的键", "数据安全：YAML 输入（PyYAML 静默保留最后一个）"),
    ("Y005", E, "不得使用锚点、别名或合并键", "数据安全：YAML 输入（别名炸弹）"),
    ("Y006", E, "不得含控制字符或双向字符", "数据安全：输入与终端输出"),
    ("Y007", E, "不得使用自定义标签", "数据安全：YAML 输入"),
    ("Y008", E, "记录不得是符号链接", "数据安全：Git"),
    ("Y009", E, "记录文件以 .yaml 结尾", "目录结构"),
    ("Y010", E, "键须为文本", "目录结构"),
    ("Y011", E, "记录文件内容为映射", "目录结构"),
    ("Y012", E, "记录文件位于对应的文件夹，文件名为 UTF-8", "目录结构"),
    ("S001", E, "必填字段齐全", "数据结构（schemas/）"),
    ("S002", E, "不得有未知字段", "数据结构（schemas/）"),
    ("S003", E, "字段类型正确", "数据结构（schemas/）"),
    ("S004", E, "取值在代码表内", "GB/T 39046-2020 附录 A"),
    ("S005", E, "编码、电话、日期格式正确", "GB/T 39554.1-2020、GB 32100-2015"),
    ("S006", E, "数值、长度、项数在允许范围内", "数据结构（schemas/）"),
    ("S007", E, "符合其他结构约束", "数据结构（schemas/）"),
    ("R101", E, "记录类型与所在文件夹一致", "目录结构"),
    ("R102", E, "标识与文件名一致", "目录结构"),
    ("R103", E, "基本编码中的事项类型与事项类型一致", "GB/T 39554.1-2020"),
    ("R104", E, "统一社会信用代码校验位正确", "GB 32100-2015"),
    ("R105", E, "实施编码 = 实施主体信用代码 + 行使层级 + 基本编码", "GB/T 39554.1-2020"),
    ("R106", E, "科室标识唯一且以部门标识开头", "目录结构"),
    ("R107", E, "业务办理项序号不重复", "GB/T 39554.1-2020"),
    ("R108", E, "日期为真实的日历日期", "数据结构"),
    ("R109", E, "目录须有清单文件 shenguan.yaml", "目录结构"),
    ("R201", E, "引用的部门存在", "目录结构"),
    ("R202", E, "引用的科室存在、属于该部门且职责相符", f"{NOTICE} 三（六）"),
    ("R203", E, "引用的审批标准及版本存在", f"{NOTICE} 三（二）"),
    ("R204", E, "引用的划转记录存在且包含该事项", f"{NOTICE} 二（一）"),
    ("R205", E, "引用的事项存在", "目录结构"),
    ("R206", E, "清单指定的审批局存在且角色为审批局", f"{NOTICE} 二（一）"),
    ("R301", E, "承诺时限不超过法定时限", f"{NOTICE} 四（三）"),
    ("R302", E, "即办件承诺时限为 0，承诺时限为 0 的是即办件", "政务服务事项要素规范"),
    ("R303", E, "收费须有收费依据与收费项目", f"{LAW}第五十八、五十九条"),
    ("R304", E, "全程网办（Ⅳ）到办事现场 0 次", "网上办理深度规范"),
    ("R305", W, "网上受理办理（Ⅲ）到办事现场不超过 1 次", "网上办理深度规范"),
    ("R306", E, "网办深度 Ⅱ 及以上须有网办地址", "网上办理深度规范"),
    (
        "R307",
        E,
        "行政许可须有受理、审查、决定、送达环节（证照另须颁证）",
        f"{LAW}第三十、三十二至四十四条",
    ),
    ("R308", W, "行政许可法定时限超过 20 个工作日须说明依据", f"{LAW}第四十二条"),
    ("R309", W, "咨询电话与监督电话均须填写且不相同", "政务服务事项要素规范"),
    ("R310", E, "委托实施的事项写明委托部门，其他事项不写", f"{LAW}第二十四条"),
    ("R311", E, "已取消事项须有取消调整记录及依据文号", f"{NOTICE} 一（二）"),
    ("R312", W, "调整记录按日期先后排列", f"{NOTICE} 一（二）"),
    ("R401", E, "划转事项由审批局实施和审批", f"{NOTICE} 二（一）"),
    ("R402", E, "划转事项由原审批部门监管，且有已完成的划转记录", f"{NOTICE} 二（一）"),
    ("R403", E, "划转完成后原部门不再审批", f"{NOTICE} 二（一）"),
    (
        "R404",
        E,
        "委托移交完成须有市级同意与重新签订的委托授权书",
        f"{NOTICE} 二（二）；{LAW}第二十四条",
    ),
    ("R405", W, "委托授权书 15 日内到期，须及时续签", f"{NOTICE} 二（二）；{LAW}第二十四条"),
    ("R406", E, "委托授权书已过期", f"{NOTICE} 二（二）；{LAW}第二十四条"),
    ("R407", W, "下放事项的承接部门符合二（二）", f"{NOTICE} 二（二）"),
    ("R408", E, "划转的行政许可适用监管部门已发布的审批标准", f"{NOTICE} 三（二）"),
    ("R409", E, "会商事项须有与监管部门的会商环节", f"{NOTICE} 三（三）"),
    ("R410", E, "划转事项须有审批信息推送约定", f"{NOTICE} 三（四）"),
    ("R411", E, "每个审批科室与监管业务科室恰有一名在任联络员", f"{NOTICE} 三（六）"),
    ("R412", E, "已发布的审批标准内容不得修改", f"{NOTICE} 三（二）"),
    ("R413", E, "未进驻大厅的事项须说明原因", f"{NOTICE} 四（一）"),
    ("R414", E, "划转记录的状态与历程一致", f"{NOTICE} 二（二）"),
    ("R415", E, "推送约定由审批局推送给该监管部门", f"{NOTICE} 三（四）"),
    ("R416", E, "审批标准覆盖受理、审查、决定、颁证、送达五个环节", f"{NOTICE} 三（二）"),
    # `shenguan standard check` only: what keeps a draft standard from publication (with R416).
    ("C501", E, "各环节要求已填写（不含“待补充”）", f"{NOTICE} 三（二）"),
    ("C502", E, "各环节时限之和不超过适用事项的承诺时限", f"{NOTICE} 四（三）"),
    ("C503", E, "适用事项存在，且由制定部门监管", f"{NOTICE} 三（二）"),
    ("C504", E, "须会商的事项在标准中写明与监管部门的会商安排", f"{NOTICE} 三（三）"),
    ("C505", W, "写明制定标准的法律依据", f"{NOTICE} 三（一）"),
]

_LAYER = {"Y": "YAML", "S": "schema", "R": "rules", "C": "standard"}
TITLES_EN = {
    "Y001": "File is UTF-8",
    "Y002": "File is at most 1 MiB",
    "Y003": "YAML syntax is valid",
    "Y004": "No duplicate keys",
    "Y005": "No anchors, aliases or merge keys",
    "Y006": "No control or bidi characters",
    "Y007": "No custom tags",
    "Y008": "Records are not symlinks",
    "Y009": "Record files end in .yaml",
    "Y010": "Keys are text",
    "Y011": "A record file holds a mapping",
    "Y012": "Record files sit where their kind is read from, under UTF-8 names",
    "S001": "Required fields present",
    "S002": "No unknown fields",
    "S003": "Field types are right",
    "S004": "Values come from the code lists",
    "S005": "Codes, phones and dates are well-formed",
    "S006": "Numbers, lengths and counts within range",
    "S007": "Other schema constraints",
    "R101": "Record kind matches its folder",
    "R102": "Id matches the file name",
    "R103": "Basic code's type segment matches the matter type",
    "R104": "USCC check character is right",
    "R105": "Implementation code = body USCC + level + basic code",
    "R106": "Section ids are unique and start with the department id",
    "R107": "Handling item numbers are unique",
    "R108": "Dates are real calendar dates",
    "R109": "The catalogue has shenguan.yaml",
    "R201": "Referenced departments exist",
    "R202": "Referenced sections exist, belong to the department and have the right role",
    "R203": "Referenced standards and versions exist",
    "R204": "Referenced transfer records exist and list the matter",
    "R205": "Referenced matters exist",
    "R206": "The manifest's approval bureau exists and has that role",
    "R301": "Promised time limit within the statutory one",
    "R302": "Instant matters have a zero promised limit and vice versa",
    "R303": "Fees have a legal basis and items",
    "R304": "Full online (IV) means zero site visits",
    "R305": "Online handling (III) means at most one site visit",
    "R306": "Online depth II or more needs a URL",
    "R307": "Licences have acceptance, review, decision and delivery steps (and issuance for certificates)",
    "R308": "Licensing limits over 20 working days state their basis",
    "R309": "Consultation and complaint phones present and different",
    "R310": "Entrusted matters name the entrusting body, others do not",
    "R311": "Cancelled matters record the cancellation and its basis",
    "R312": "Adjustments are in date order",
    "R401": "Transferred matters are implemented and approved by the approval bureau",
    "R402": "Transferred matters are supervised by their original department after a completed transfer",
    "R403": "After a transfer the original department no longer approves",
    "R404": "Completed entrustment has municipal consent and a re-signed authorization",
    "R405": "Entrustment authorization expires within 15 days",
    "R406": "Entrustment authorization has expired",
    "R407": "Delegated matters are undertaken as clause 2(2) says",
    "R408": "Transferred licences apply a published standard of their supervisor",
    "R409": "Consultation-flagged matters have a consultation step",
    "R410": "Transferred matters have a push agreement",
    "R411": "Each approval and supervision section has exactly one active liaison",
    "R412": "Published standards are not edited",
    "R413": "Matters outside the hall give a reason",
    "R414": "Transfer state agrees with its history",
    "R415": "Push agreements run from the approval bureau",
    "R416": "Standards cover acceptance, review, decision, issuance and delivery",
    "C501": "Every stage's requirements are written (no placeholders)",
    "C502": "Stage time limits add up to at most the matters' promised limit",
    "C503": "Listed matters exist and are supervised by the standard's department",
    "C504": "Consultation-flagged matters have a consultation arrangement in the standard",
    "C505": "The standard states its legal basis",
}
RULES: dict[str, Rule] = {
    c: Rule(c, s, t, cl, _LAYER[c[0]], TITLES_EN.get(c, "")) for c, s, t, cl in _TABLE
}
