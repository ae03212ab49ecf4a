"""Words of the churn reports (13 teaching, 31 management): prose, table headings, figure texts.

Feature and level names of the bundled IBM Telco demo are entries here
(``churn_feature_<column>``, ``churn_level_<...>``); they are used only when a
table has that column.  A foreign table's columns show under their own names,
prettified (``plan_type`` -> ``Plan type``): see
:func:`crm_analysis.present.churn.feature_label`.
"""

TEXT = {
    # ---------------------------------------------------------------- Telco demo feature names
    "churn_feature_female": {"en": "Female", "zh": "女性"},
    "churn_feature_senior_citizen": {"en": "Senior citizen", "zh": "老年用户"},
    "churn_feature_partner": {"en": "Has a partner", "zh": "有伴侣"},
    "churn_feature_dependents": {"en": "Has dependents", "zh": "有受抚养人"},
    "churn_feature_tenure": {"en": "Tenure", "zh": "在网时长"},
    "churn_feature_phone_service": {"en": "Phone service", "zh": "电话服务"},
    "churn_feature_multiple_lines": {"en": "Multiple lines", "zh": "多条线路"},
    "churn_feature_internet_service": {"en": "Internet service", "zh": "互联网服务"},
    "churn_feature_online_security": {"en": "Online security", "zh": "网络安全服务"},
    "churn_feature_online_backup": {"en": "Online backup", "zh": "在线备份"},
    "churn_feature_device_protection": {"en": "Device protection", "zh": "设备保护"},
    "churn_feature_tech_support": {"en": "Tech support", "zh": "技术支持"},
    "churn_feature_streaming_tv": {"en": "Streaming TV", "zh": "流媒体电视"},
    "churn_feature_streaming_movies": {"en": "Streaming movies", "zh": "流媒体电影"},
    "churn_feature_contract": {"en": "Contract", "zh": "合约类型"},
    "churn_feature_paperless_billing": {"en": "Paperless billing", "zh": "无纸化账单"},
    "churn_feature_payment_method": {"en": "Payment method", "zh": "付款方式"},
    "churn_feature_monthly_charges": {"en": "Monthly charges", "zh": "月费"},
    "churn_feature_total_charges": {"en": "Total charges", "zh": "累计费用"},
    # ---------------------------------------------------------------- Telco demo levels
    "churn_level_yes": {"en": "Yes", "zh": "是"},
    "churn_level_no": {"en": "No", "zh": "否"},
    "churn_level_month_to_month": {"en": "Month-to-month", "zh": "按月"},
    "churn_level_one_year": {"en": "One year", "zh": "一年期"},
    "churn_level_two_year": {"en": "Two year", "zh": "两年期"},
    "churn_level_fiber": {"en": "Fiber optic", "zh": "光纤"},
    "churn_level_no_internet": {"en": "No internet service", "zh": "无互联网服务"},
    "churn_level_no_phone": {"en": "No phone service", "zh": "无电话服务"},
    "churn_level_e_check": {"en": "Electronic check", "zh": "电子支票"},
    "churn_level_mailed_check": {"en": "Mailed check", "zh": "邮寄支票"},
    "churn_level_bank": {"en": "Bank transfer (automatic)", "zh": "银行转账（自动）"},
    "churn_level_card": {"en": "Credit card (automatic)", "zh": "信用卡（自动）"},
    "churn_level_missing": {"en": "missing", "zh": "缺失"},
    # ---------------------------------------------------------------- model names (legends, tables)
    "churn_model_logistic": {"en": "logistic", "zh": "逻辑回归"},
    "churn_model_random_forest": {"en": "random_forest", "zh": "随机森林"},
    "churn_model_gradient_boosting": {"en": "gradient_boosting", "zh": "梯度提升"},
    "churn_model_nobody": {"en": "nobody churns", "zh": "无人流失"},
    "churn_model_default": {"en": "model", "zh": "模型"},
    # ---------------------------------------------------------------- AUC verdicts
    "churn_auc_excellent": {"en": "excellent", "zh": "优秀"},
    "churn_auc_good": {"en": "good", "zh": "良好"},
    "churn_auc_fair": {"en": "fair", "zh": "一般"},
    "churn_auc_weak": {"en": "weak", "zh": "较弱"},
    "churn_auc_poor": {"en": "poor (close to guessing)", "zh": "很差（接近随机猜测）"},
    "churn_quality": {"en": "{verdict} (ROC AUC {auc})", "zh": "{verdict}（ROC AUC {auc}）"},
    # ---------------------------------------------------------------- table headings
    "churn_col_model": {"en": "Model", "zh": "模型"},
    "churn_col_accuracy": {"en": "Accuracy (%)", "zh": "准确率（%）"},
    "churn_col_recall": {"en": "Churners found (%)", "zh": "识别出的流失客户（%）"},
    "churn_col_precision": {"en": "Flagged who churn (%)", "zh": "被标记者中真正流失（%）"},
    "churn_col_roc_auc": {"en": "ROC AUC", "zh": "ROC AUC"},
    "churn_col_customer": {"en": "Customer", "zh": "客户"},
    "churn_col_p_churn": {"en": "Churn risk (%)", "zh": "流失风险（%）"},
    "churn_col_value": {"en": "Value if kept ({currency})", "zh": "挽留价值（{currency}）"},
    "churn_col_value_at_risk": {"en": "Value at risk ({currency})", "zh": "风险价值（{currency}）"},
    "churn_col_reason": {"en": "Main reasons (risk points)", "zh": "主要原因（风险百分点）"},
    "churn_col_driver": {"en": "Driver", "zh": "驱动因素"},
    "churn_col_group": {"en": "Group", "zh": "客户群"},
    "churn_col_importance": {"en": "Average effect on risk (points)", "zh": "对风险的平均影响（百分点）"},
    "churn_col_group_effect": {"en": "Effect on churn risk (points)", "zh": "对流失风险的影响（百分点）"},
    "churn_col_observed": {"en": "Observed churn (%)", "zh": "实际流失率（%）"},
    "churn_col_customers": {"en": "Customers", "zh": "客户数"},
    "churn_col_segment": {"en": "Segment", "zh": "客户群"},
    "churn_col_retained": {"en": "Retained after {t} {unit} (%)", "zh": "{t} {unit}后留存（%）"},
    "churn_col_median": {"en": "Median lifetime ({unit})", "zh": "中位生命周期（{unit}）"},
    "churn_more_than": {"en": "> {t}", "zh": "> {t}"},
    "churn_no_reason": {"en": "no shown driver raises the risk above a typical customer's",
                        "zh": "表中的驱动因素都没有使其风险高于典型客户"},
    "churn_list_title": {"en": "Retention list: current customers to contact", "zh": "挽留名单：建议联系的现有客户"},
    # ---------------------------------------------------------------- KPIs
    "churn_kpi_customers": {"en": "Customers analysed", "zh": "分析的客户数"},
    "churn_kpi_churners": {"en": "Customers who left", "zh": "已流失的客户数"},
    "churn_kpi_churn_rate": {"en": "Churn rate", "zh": "流失率"},
    "churn_kpi_baseline": {"en": "Accuracy of \"nobody churns\"", "zh": "\"无人流失\"规则的准确率"},
    "churn_kpi_model": {"en": "Churn warning model", "zh": "流失预警模型"},
    "churn_kpi_lift": {"en": "Top-decile lift", "zh": "前10%提升度"},
    "churn_kpi_current": {"en": "Current customers (can still be kept)", "zh": "现有客户（仍可挽留）"},
    "churn_kpi_contact": {"en": "Customers to contact", "zh": "建议联系的客户数"},
    "churn_kpi_contact_share": {"en": "Share of current customers to contact", "zh": "建议联系的现有客户比例"},
    "churn_kpi_cost": {"en": "Campaign cost", "zh": "活动成本"},
    "churn_kpi_saved": {"en": "Expected customer value kept", "zh": "预计保住的客户价值"},
    "churn_kpi_saving": {"en": "Expected net saving of the campaign", "zh": "挽留活动预期净收益"},
    "churn_kpi_campaign": {"en": "Retention campaign", "zh": "挽留活动"},
    "churn_kpi_campaign_unreliable": {
        "en": "not recommended: the model barely separates leavers from stayers, so its expected saving is not "
              "reliable",
        "zh": "不建议：模型几乎无法区分流失客户与留存客户，其预期收益不可靠"},
    # ---------------------------------------------------------------- prose: data and choices
    "churn_needs_labels": {"en": "churn labels (which customers have left) in the customer table",
                           "zh": "客户表中的流失标签（哪些客户已经离开）"},
    "churn_data": {"en": "The report analyses {n} customers of {name}, of whom {churners} ({rate}) have left.",
                   "zh": "本报告分析{name}的 {n} 位客户，其中 {churners} 位（{rate}）已经离开。"},
    "churn_sampled_what": {"en": "customers", "zh": "位客户"},
    "churn_customer_one": {"en": "customer", "zh": "位客户"},
    "churn_sampled_reason": {"en": "a random sample of {n} was analysed (parameter n_customers, seed {seed})",
                             "zh": "参数 n_customers 只抽取了 {n} 位客户的随机样本（随机种子 {seed}）"},
    "churn_unlabelled_what": {"en": "customers", "zh": "位客户"},
    "churn_unlabelled_reason": {"en": "no churn label in the database", "zh": "数据库中没有流失标签"},
    "churn_leak_what": {"en": "columns", "zh": "列"},
    "churn_leak_what_one": {"en": "column", "zh": "列"},
    "churn_leak_ids": {"en": "{columns}: identify single customers, so they say nothing about a new one",
                       "zh": "{columns}：用于标识单个客户，对新客户没有预测意义"},
    "churn_leak_dates": {"en": "{columns}: hold dates, which record when a row was written (a cancellation date "
                               "is the outcome itself); turn a date into a duration to use it",
                         "zh": "{columns}：是日期列，记录的是数据写入的时间（取消日期本身就是结果）；如需使用，请先换算成时长"},
    "churn_leak_totals": {"en": "{columns}: a running total (tenure × {per_month}), which repeats tenure",
                          "zh": "{columns}：是累计值（在网时长 × {per_month}），与在网时长重复"},
    "churn_leak_empty": {"en": "{columns}: no value at all", "zh": "{columns}：完全没有数值"},
    "churn_features_used": {"en": "The model uses {n} characteristics of each customer: {columns}.",
                            "zh": "模型使用每位客户的 {n} 项特征：{columns}。"},
    "churn_value_column": {
        "en": "**Value of keeping a customer**: the column *{column}* (a monthly amount) × {months} months × margin "
              "{margin}{margin_note}.",
        "zh": "**挽留一位客户的价值**：*{column}*列（每月金额）× {months} 个月 × 利润率 {margin}{margin_note}。"},
    "churn_value_transactions": {
        "en": "**Value of keeping a customer**: the customer's average monthly revenue in the database's "
              "transactions (total spent ÷ months since the first purchase) × {months} months × margin {margin}"
              "{margin_note}. Set the parameter value_column to use a monthly money column of the customer table.",
        "zh": "**挽留一位客户的价值**：该客户在数据库交易记录中的月均收入（消费总额 ÷ 首次购买以来的月数）× {months} 个月 × 利润率 "
              "{margin}{margin_note}。如需使用客户表中的每月金额列，请设置参数 value_column。"},
    "churn_value_none": {
        "en": "**No money value is available**: the customer table has no monthly money column and the database "
              "holds no transactions, so this report counts customers only (every customer counts as 1). Set the "
              "parameter value_column to a monthly money column, or import transactions, to see amounts.",
        "zh": "**没有可用的金额**：客户表中没有每月金额列，数据库中也没有交易记录，因此本报告只统计客户人数（每位客户计为 1）。"
              "如需看到金额，请把参数 value_column 设为一个每月金额列，或导入交易记录。"},
    "churn_margin_revenue": {"en": " (1 counts revenue, not profit)", "zh": "（1 表示按收入而非利润计算）"},
    "churn_margin_db": {"en": " (the margin recorded in the database)", "zh": "（取自数据库中记录的利润率）"},
    "churn_value_missing": {"en": " {n} customers without a value count as 0.", "zh": "{n} 位没有金额的客户按 0 计。"},
    "churn_offer_db": {"en": "**Offer cost**: {cost} per contacted customer, as recorded in the database.",
                       "zh": "**挽留优惠成本**：每联系一位客户 {cost}，取自数据库中的记录。"},
    "churn_offer_param": {"en": "**Offer cost**: {cost} per contacted customer, set by the parameter offer_cost.",
                          "zh": "**挽留优惠成本**：每联系一位客户 {cost}，由参数 offer_cost 设定。"},
    "churn_offer_assumed": {
        "en": "**Offer cost**: {cost} per contacted customer, an assumption: the database records no offer cost. "
              "Set the parameter offer_cost to your real cost.",
        "zh": "**挽留优惠成本**：每联系一位客户 {cost}，这是一个假设值：数据库中没有记录优惠成本。请用参数 offer_cost 设定实际成本。"},
    "churn_offer_count": {
        "en": "**Offer cost**: {cost} customer-equivalents per contact (no money value is available).",
        "zh": "**挽留优惠成本**：每次联系折合 {cost} 位客户（没有可用的金额）。"},
    "churn_segment_param": {"en": "Retention is compared across the groups of *{column}* (parameter segment_column).",
                            "zh": "按*{column}*的各组比较客户留存（参数 segment_column）。"},
    "churn_segment_auto": {
        "en": "Retention is compared across the groups of *{column}*: of the characteristics with 2 to 6 groups, "
              "the one that moves churn risk most (set the parameter segment_column to choose another).",
        "zh": "按*{column}*的各组比较客户留存：在有 2 至 6 个组的特征中，它对流失风险的影响最大（可用参数 segment_column 另选）。"},
    "churn_segment_none": {
        "en": "No characteristic with 2 to 6 groups was found, so retention is shown for all customers together.",
        "zh": "没有找到有 2 至 6 个组的特征，因此只显示全体客户的留存。"},
    "churn_no_tenure": {
        "en": "**Retention curves need tenure** (how long each customer has been with you, with its unit: days, "
              "weeks, months or years), and this database has none. Import it with the customer table: `crm-analysis import customers FILE --store DB "
              "--customer-col ID --churn-col CHURN --tenure-col TENURE --tenure-unit months`.",
        "zh": "**留存曲线需要在网时长**（每位客户与你合作了多久，并注明单位：天、周、月或年），而本数据库没有这一数据。请随客户表一起导入："
              "`crm-analysis import customers FILE --store DB --customer-col ID --churn-col CHURN --tenure-col TENURE "
              "--tenure-unit months`。"},
    "churn_no_tenure_cox": {
        "en": "**The Cox model needs tenure** (how long each customer has been with you, with its unit: days, weeks, "
              "months or years) as its time axis, and this database has none. Import it with the customer table: "
              "`crm-analysis import customers FILE --store DB --customer-col ID --churn-col CHURN --tenure-col TENURE "
              "--tenure-unit months`.",
        "zh": "**Cox 模型需要在网时长**（每位客户与你合作了多久，并注明单位：天、周、月或年）作为时间轴，而本数据库没有这一数据。"
              "请随客户表一起导入：`crm-analysis import customers FILE --store DB --customer-col ID --churn-col CHURN "
              "--tenure-col TENURE --tenure-unit months`。"},
    "churn_logrank_differ": {
        "en": "**Do the groups really differ?** The log-rank test compares the curves: χ² = {chi2} with {df} degrees "
              "of freedom, {p}. Curves this far apart would rarely arise by chance if every group kept its customers "
              "equally well, so retention really differs between the groups.",
        "zh": "**各组之间真的有差异吗？** 对数秩检验比较各条曲线：χ² = {chi2}，自由度 {df}，{p}。如果各组留住客户的能力完全相同，"
              "曲线之间出现这么大的差距几乎不可能是偶然，因此各组的客户留存确实不同。"},
    "churn_logrank_same": {
        "en": "**Do the groups really differ?** The log-rank test compares the curves: χ² = {chi2} with {df} degrees "
              "of freedom, {p}. Gaps of this size could easily arise by chance even if every group kept its "
              "customers equally well, so these data do not show that retention differs between the groups.",
        "zh": "**各组之间真的有差异吗？** 对数秩检验比较各条曲线：χ² = {chi2}，自由度 {df}，{p}。即使各组留住客户的能力完全相同，"
              "这么大的差距也很容易偶然出现，因此这些数据并不能说明各组的客户留存有差异。"},
    "churn_km_title": {"en": "Customers retained by {segment} (Kaplan-Meier estimate)",
                       "zh": "按{segment}分组的客户留存（Kaplan-Meier 估计）"},
    "churn_km_title_all": {"en": "Customers retained (Kaplan-Meier estimate)", "zh": "客户留存（Kaplan-Meier 估计）"},
    "churn_reasons_note": {
        "en": "Every reason is a group of the driver table below with a positive effect on risk.",
        "zh": "每条原因都对应下方驱动因素表中对风险有正向影响的一个客户群。"},
    "churn_drivers_note": {
        "en": "*Effect on churn risk* is the model's: how far that group's value moves a customer's risk away from "
              "a typical customer's, all else equal (percentage points). *Observed churn* is the share of the group "
              "that left, which also reflects everything that goes with the group; the two can disagree.",
        "zh": "*对流失风险的影响*来自模型：在其他条件相同时，该组的取值使客户风险偏离典型客户多少（百分点）。"
              "*实际流失率*是该组中已离开客户的比例，它还反映了与该组相伴的其他因素；两者可能不一致。"},
    "churn_weak_list": {
        "en": "**This list is close to random.** The warning model barely separates leavers from stayers (ROC AUC "
              "{auc}, below {threshold}), so the customers at the top are hardly more likely to leave than the "
              "others. Use it, if at all, as a list of valuable current customers, not as a forecast.",
        "zh": "**这份名单接近随机。** 预警模型几乎无法区分流失客户与留存客户（ROC AUC {auc}，低于 {threshold}），"
              "排在前面的客户离开的可能性并不比其他客户高多少。如要使用，只能把它当作一份高价值现有客户名单，而不是预测。"},
    "churn_drivers_weak": {
        "en": "With a model this weak, these effects are small and may be chance; they are no basis for a decision.",
        "zh": "模型这么弱时，这些影响都很小，可能只是偶然，不能作为决策依据。"},
    # ---------------------------------------------------------------- findings
    "churn_finding_weak": {
        "en": "**No reliable campaign**: with a ROC AUC of {auc} (below {threshold}) the model barely separates "
              "leavers from stayers. Its contact list is close to a random pick of current customers, and the "
              "campaign's expected saving is not reliable{paper}. Before spending on a campaign, collect "
              "characteristics that relate to leaving (for example usage, complaints or payment problems) and "
              "run this report again.",
        "zh": "**没有可靠的挽留活动**：ROC AUC 为 {auc}（低于 {threshold}），模型几乎无法区分流失客户与留存客户。"
              "它给出的联系名单接近随机抽取的现有客户，挽留活动的预期收益也不可靠{paper}。在投入挽留活动之前，"
              "请先收集与客户离开相关的特征（例如使用情况、投诉或付款问题），再重新运行本报告。"},
    "churn_weak_paper": {"en": " (on paper {saving} for {k} contacts)", "zh": "（账面上联系 {k} 位客户可得 {saving}）"},
    "churn_weak_paper_count": {"en": " (on paper about {saved} customers kept by {k} contacts)",
                               "zh": "（账面上联系 {k} 位客户约可留住 {saved} 位）"},
    "churn_finding_churn": {"en": "**Churn**: {churners} of {n} customers ({rate}) left.",
                            "zh": "**流失情况**：{n} 位客户中有 {churners} 位（{rate}）已经流失。"},
    "churn_finding_model": {
        "en": "**Warning model**: {quality}. For a random leaver and a random stayer, it gives the leaver the "
              "higher risk {auc_pct} of the time; the 10% of customers it ranks riskiest leave {lift} times as "
              "often as average (checked on customers the model had not seen).",
        "zh": "**预警模型**：{quality}。随机取一位流失客户和一位留存客户，模型有 {auc_pct} 的概率给流失客户更高的风险；"
              "模型认为风险最高的 10% 客户，其流失率是平均水平的 {lift} 倍（在模型未见过的客户上检验）。"},
    "churn_finding_none": {
        "en": "**Campaign**: at {cost} per contact and a {success} success rate, no customer is worth the offer: "
              "every contact would cost more than it is expected to save.",
        "zh": "**挽留活动**：每次联系成本 {cost}、成功率 {success} 时，没有值得联系的客户：每次联系的成本都高于预期挽回的价值。"},
    "churn_finding_campaign": {
        "en": "**Campaign**: offer a retention deal ({cost} per customer; it keeps {success} of those who would "
              "leave) to the {k} current customers with the most value at risk ({share} of {n_current}). It costs "
              "{campaign_cost} and is expected to keep {saved} of customer value over {months} months: an expected "
              "net saving of <strong>{saving}</strong>. Contacting more customers would cost more than it saves.",
        "zh": "**挽留活动**：向风险价值最高的 {k} 位现有客户（占 {n_current} 位现有客户的 {share}）提供挽留优惠（每位 {cost}，"
              "可留住 {success} 本会流失的客户）。活动成本 {campaign_cost}，预计在 {months} 个月内保住 {saved} 的客户价值，"
              "预期净收益 <strong>{saving}</strong>。联系更多客户的成本将超过其带来的收益。"},
    "churn_finding_campaign_count": {
        "en": "**Campaign**: contact the {k} current customers most likely to leave ({share} of {n_current}); "
              "expected to keep about {saved} customers who would otherwise leave.",
        "zh": "**挽留活动**：联系最可能离开的 {k} 位现有客户（占 {n_current} 位现有客户的 {share}），"
              "预计可留住约 {saved} 位本会离开的客户。"},
    "churn_list_first": {
        "en": "The table shows the first {n} of the {total} customers the campaign contacts, in the order to contact "
              "them; all {total} are in the CSV and Excel files below.",
        "zh": "表中列出挽留活动要联系的 {total} 位客户中的前 {n} 位（按联系顺序）；全部 {total} 位都在下方的 CSV 和 Excel 文件中。"},
    "churn_list_all": {
        "en": "The table shows all {total} customers the campaign contacts, in the order to contact them; they are "
              "also in the CSV and Excel files below.",
        "zh": "表中列出挽留活动要联系的全部 {total} 位客户（按联系顺序）；下方的 CSV 和 Excel 文件中也是这份名单。"},
    "churn_list_top": {
        "en": "This list is not a campaign (no campaign contacts anyone here): it shows the {n} current customers "
              "ranked highest, and the CSV and Excel files below hold the same {n}.",
        "zh": "这份名单不是挽留活动（这里没有需要联系的客户）：表中列出排名最高的 {n} 位现有客户，下方的 CSV 和 Excel 文件中是同样的 {n} 位。"},
    "churn_broad_share": {"en": "the campaign contacts {k} of {n_current} current customers ({share}, more than {limit})",
                          "zh": "活动要联系 {n_current} 位现有客户中的 {k} 位（{share}，超过 {limit}）"},
    "churn_broad_lift": {
        "en": "the 10% of customers the model ranks riskiest leave only {lift} times as often as average (below {limit})",
        "zh": "模型认为风险最高的 10% 客户，其流失率只有平均水平的 {lift} 倍（低于 {limit}）"},
    "churn_broad_list": {
        "en": "**The model's ranking adds little here**: {reasons}. Whom to contact first hardly matters; whatever "
              "the campaign saves comes from the offer itself, not from the model choosing whom to contact.",
        "zh": "**模型的排序在这里作用不大**：{reasons}。先联系谁几乎没有区别；活动能挽回的价值来自优惠本身，而不是模型对联系对象的挑选。"},
    "churn_finding_broad": {
        "en": "**Campaign: an offer to almost everyone, not a targeted campaign**: {reasons}. The best campaign "
              "offers the deal ({cost} per customer; it keeps {success} of those who would leave) to {k} customers "
              "at a cost of {campaign_cost} and is expected to keep {saved} of customer value over {months} months, "
              "a net {saving}. That saving comes from the offer being worth its cost for a typical customer, not "
              "from the model picking whom to contact: decide on the offer itself (is {cost} per customer worth "
              "it?), and collect characteristics that relate to leaving before using the model to target.",
        "zh": "**挽留活动：这是面向几乎所有客户的优惠，而不是有针对性的活动**：{reasons}。最佳方案向 {k} 位客户提供挽留优惠"
              "（每位 {cost}，可留住 {success} 本会流失的客户），成本 {campaign_cost}，预计在 {months} 个月内保住 {saved} 的客户价值，"
              "净收益 {saving}。这笔收益来自优惠本身对典型客户值得其成本，而不是来自模型对联系对象的挑选：请就优惠本身做决定"
              "（每位客户 {cost} 是否值得？），并在用模型做针对性挽留之前，先收集与客户离开相关的特征。"},
    # ---------------------------------------------------------------- figures (engine plots write the English)
    "churn_fig_roc": {"en": "ROC curve", "zh": "ROC 曲线"},
    "churn_fig_roc_x": {"en": "Stayers wrongly flagged (false-positive rate, %)", "zh": "被误标记的留存客户（假阳性率，%）"},
    "churn_fig_roc_y": {"en": "Churners found (true-positive rate, %)", "zh": "识别出的流失客户（真阳性率，%）"},
    "churn_fig_auc": {"en": "{name} (AUC {auc})", "zh": "{name}（AUC {auc}）"},
    "churn_fig_pr_auc": {"en": "{name} (PR AUC {auc})", "zh": "{name}（PR AUC {auc}）"},
    "churn_fig_chance": {"en": "chance (AUC 0.5)", "zh": "随机猜测（AUC 0.5）"},
    "churn_fig_no_skill": {"en": "no skill ({share} churn)", "zh": "无预测能力（流失率 {share}）"},
    "churn_fig_pr": {"en": "Precision-recall curve", "zh": "查准率-查全率曲线"},
    "churn_fig_pr_x": {"en": "Churners found (recall, %)", "zh": "识别出的流失客户（查全率，%）"},
    "churn_fig_pr_y": {"en": "Flagged customers who churn (precision, %)", "zh": "被标记客户中真正流失的比例（查准率，%）"},
    "churn_fig_drivers": {"en": "What moves a customer's churn risk", "zh": "影响客户流失风险的因素"},
    "churn_fig_drivers_x": {"en": "Mean change in churn probability vs a typical customer (percentage points)",
                            "zh": "与典型客户相比流失概率的平均变化（百分点）"},
    "churn_fig_drivers_y": {"en": "Customer characteristic", "zh": "客户特征"},
    "churn_fig_km": {"en": "Customer retention (Kaplan-Meier)", "zh": "客户留存（Kaplan-Meier）"},
    "churn_fig_km_logrank": {"en": "Customer retention (Kaplan-Meier); log-rank {p}",
                             "zh": "客户留存（Kaplan-Meier）；对数秩检验 {p}"},
    "churn_fig_tenure": {"en": "Tenure ({unit})", "zh": "在网时长（{unit}）"},
    "churn_fig_retained": {"en": "Share of customers retained", "zh": "留存客户比例"},
    "churn_fig_gains": {"en": "Cumulative gains", "zh": "累积增益"},
    "churn_fig_contacted": {"en": "Customers contacted, highest risk first (%)", "zh": "按风险从高到低联系的客户（%）"},
    "churn_fig_reached": {"en": "Churners reached (%)", "zh": "触达的流失客户（%）"},
    "churn_fig_random": {"en": "random", "zh": "随机"},
    "churn_fig_calibration": {"en": "Calibration", "zh": "校准"},
    "churn_fig_predicted": {"en": "Predicted churn probability (%)", "zh": "预测流失概率（%）"},
    "churn_fig_observed": {"en": "Observed churn rate (%)", "zh": "实际流失率（%）"},
    "churn_fig_perfect": {"en": "perfect calibration", "zh": "完美校准"},
    "churn_fig_expected_profit": {"en": "expected profit", "zh": "预期利润"},
    "churn_fig_realised_profit": {"en": "realised profit", "zh": "实际利润"},
    "churn_fig_best": {"en": "best: contact {share} (p >= {p})", "zh": "最佳：联系 {share}（p >= {p}）"},
    "churn_fig_profit": {"en": "Retention campaign profit", "zh": "挽留活动利润"},
    "churn_fig_profit_y": {"en": "Profit ({currency})", "zh": "利润（{currency}）"},
    "churn_fig_cox": {"en": "Cox model: churn hazard ratios ({level} CI)", "zh": "Cox 模型：流失风险比（{level} 置信区间）"},
    "churn_fig_cox_x": {"en": "Hazard ratio (log scale; 1 = no effect)", "zh": "风险比（对数刻度；1 = 无影响）"},
    "churn_fig_covariate": {"en": "Covariate", "zh": "协变量"},
    "churn_calibration_error": {"en": "Calibration error: {error}", "zh": "校准误差：{error}"},
    "churn_concordance": {"en": "Concordance (the Cox model's ROC AUC for survival): {c}",
                          "zh": "一致性指数（Cox 模型在生存分析中的 ROC AUC）：{c}"},
    "churn_kpi_flag_broad": {"en": "{value} (almost everyone: the ranking adds little)",
                             "zh": "{value}（几乎所有人：模型排序作用不大）"},
    "churn_kpi_flag_lift": {"en": "{value} (the ranking adds little)", "zh": "{value}（模型排序作用不大）"},
    "churn_weak_models": {
        "en": "**The models barely separate leavers from stayers here.** The best cross-validated ROC AUC is {auc} "
              "({model}), below {threshold}: a list ranked by these scores is close to random, and the campaign "
              "sections below show what such a model would promise on paper, not what it can deliver.",
        "zh": "**这些模型几乎分不出流失客户和留存客户**。交叉验证的最高 ROC AUC 为 {auc}（{model}），低于 {threshold}："
              "按这些分数排出的名单接近随机，下面的挽留活动各节只显示这样的模型在纸面上的承诺，而不是它真正能做到的。"},
    "churn_tenure_partial": {
        "en": "The curves use the {n} customers whose tenure is known; {left} customers without a tenure are left out.",
        "zh": "曲线只用已知合作时长的 {n} 位客户；另有 {left} 位客户没有合作时长，未计入。"},
    "churn_tenure_partial_one": {
        "en": "The curves use the {n} customers whose tenure is known; 1 customer without a tenure is left out.",
        "zh": "曲线只用已知合作时长的 {n} 位客户；另有 1 位客户没有合作时长，未计入。"},
    "churn_tenure_partial_cox": {
        "en": "The Cox model uses the {n} customers whose tenure is known; {left} customers without a tenure are left out.",
        "zh": "Cox 模型只用已知合作时长的 {n} 位客户；另有 {left} 位客户没有合作时长，未计入。"},
    "churn_tenure_partial_cox_one": {
        "en": "The Cox model uses the {n} customers whose tenure is known; 1 customer without a tenure is left out.",
        "zh": "Cox 模型只用已知合作时长的 {n} 位客户；另有 1 位客户没有合作时长，未计入。"},
}
