"""Words of the linked teaching notebooks (15 complaints, 16 delivered value, 17 tiers): tables, sentences and
figure labels, en/zh (see the package docstring).  Keys start with ``tl_``."""

TEXT: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- shared: sections that need more data
    "tl_section_needs": {"en": "**This section needs {what}.** Import it with:",
                         "zh": "**本节需要{what}。** 请用以下命令导入："},
    "tl_section_skipped": {"en": "The rest of this section is left out until these data are in the database.",
                           "zh": "在数据库中有这些数据之前，本节其余内容从略。"},
    "tl_segment_retail_shop": {"en": "retail shop", "zh": "零售店"},
    "tl_segment_restaurant": {"en": "restaurant", "zh": "餐馆"},
    "tl_segment_office": {"en": "office", "zh": "企业办公"},
    "tl_segment_individual": {"en": "individual", "zh": "个人客户"},
    "tl_all": {"en": "all", "zh": "全部"},
    "tl_group": {"en": "Group", "zh": "组别"},
    "tl_respondents": {"en": "Respondents", "zh": "受访者数"},
    "tl_customers": {"en": "Customers", "zh": "客户数"},
    "tl_share": {"en": "Share", "zh": "占比"},
    "tl_ci_lower": {"en": "CI lower", "zh": "区间下限"},
    "tl_ci_upper": {"en": "CI upper", "zh": "区间上限"},
    "tl_estimate": {"en": "Estimate", "zh": "估计值"},
    "tl_yes": {"en": "yes", "zh": "是"},
    "tl_no": {"en": "no", "zh": "否"},
    "tl_stayed": {"en": "stayed", "zh": "留存"},
    "tl_left": {"en": "left", "zh": "流失"},
    # ---------------------------------------------------------------- 16: delivered value, components
    "tl_component_product": {"en": "Product value", "zh": "产品价值"},
    "tl_component_service": {"en": "Service value", "zh": "服务价值"},
    "tl_component_personnel": {"en": "Personnel value", "zh": "人员价值"},
    "tl_component_image": {"en": "Image value", "zh": "形象价值"},
    "tl_component_money": {"en": "Money cost", "zh": "货币成本"},
    "tl_component_time": {"en": "Time cost", "zh": "时间成本"},
    "tl_component_energy": {"en": "Energy cost", "zh": "体力成本"},
    "tl_component_psychic": {"en": "Psychic cost", "zh": "精神成本"},
    "tl_side_value": {"en": "value", "zh": "价值"},
    "tl_side_cost": {"en": "cost", "zh": "成本"},
    "tl_total_value": {"en": "Total value (0-100)", "zh": "总顾客价值（0-100）"},
    "tl_total_cost": {"en": "Total cost (0-100)", "zh": "总顾客成本（0-100）"},
    "tl_delivered_value": {"en": "Delivered value (points)", "zh": "让渡价值（分）"},
    "tl_value_cost_ratio": {"en": "Value / cost ratio", "zh": "价值/成本比"},
    "tl_dv_ci_lower": {"en": "Delivered value, CI lower", "zh": "让渡价值区间下限"},
    "tl_dv_ci_upper": {"en": "Delivered value, CI upper", "zh": "让渡价值区间上限"},
    # the questionnaire (template) columns and the items' wording
    "tl_item": {"en": "Item", "zh": "题项"},
    "tl_component": {"en": "Component", "zh": "构成部分"},
    "tl_side": {"en": "Side", "zh": "类别"},
    "tl_question": {"en": "Question", "zh": "问题"},
    "tl_question_en": {"en": "Question (English)", "zh": "问题（英文）"},
    "tl_question_zh": {"en": "Question (Chinese)", "zh": "问题（中文）"},
    "tl_scale": {"en": "Scale", "zh": "量表"},
    "tl_scale_agree": {"en": "{low} = strongly disagree … {high} = strongly agree",
                       "zh": "{low} = 非常不同意 … {high} = 非常同意"},
    "tl_dv_product1": {"en": "The products I buy here are of good quality.", "zh": "我在这里买到的产品质量好。"},
    "tl_dv_product2": {"en": "The range has what I need.", "zh": "这里的品种能满足我的需要。"},
    "tl_dv_service1": {"en": "Delivery, returns and after-sales service work well.",
                       "zh": "送货、退换货和售后服务做得好。"},
    "tl_dv_service2": {"en": "Problems are solved quickly when I report them.", "zh": "我反映问题后能很快得到解决。"},
    "tl_dv_personnel1": {"en": "The staff know their products and give good advice.",
                         "zh": "员工熟悉产品，能给出好的建议。"},
    "tl_dv_personnel2": {"en": "The staff are friendly and reliable.", "zh": "员工友好、可靠。"},
    "tl_dv_image1": {"en": "The company has a good reputation.", "zh": "这家公司的口碑好。"},
    "tl_dv_image2": {"en": "I am happy to be seen buying from this company.", "zh": "我乐于让别人知道我在这家公司购买。"},
    "tl_dv_money1": {"en": "The prices are high for what I get.", "zh": "就我得到的东西而言，价格偏高。"},
    "tl_dv_money2": {"en": "Extra charges (delivery, packaging) add up.", "zh": "额外费用（运费、包装费）加起来不少。"},
    "tl_dv_time1": {"en": "Ordering and waiting for delivery take a lot of my time.",
                    "zh": "下单和等待送货要花我很多时间。"},
    "tl_dv_time2": {"en": "I often wait for answers or for people to call back.", "zh": "我常常要等回复或回电。"},
    "tl_dv_energy1": {"en": "Buying here takes physical effort (trips, carrying, checking goods).",
                      "zh": "在这里购买要花体力（跑路、搬运、验货）。"},
    "tl_dv_energy2": {"en": "I have to follow up myself to get things done.", "zh": "很多事情要我自己跟进才能办成。"},
    "tl_dv_psychic1": {"en": "I worry whether I made the right choice.", "zh": "我担心自己是否选对了。"},
    "tl_dv_psychic2": {"en": "Dealing with this company is stressful.", "zh": "和这家公司打交道让我感到有压力。"},
    "tl_questionnaire_title": {"en": "Delivered-value questionnaire (items)", "zh": "让渡价值问卷（题项）"},
    "tl_answer_sheet_title": {"en": "Delivered-value answer sheet (empty, one row per respondent)",
                              "zh": "让渡价值答卷（空白，每位受访者一行）"},
    # data sentences
    "tl_dv_needs_survey": {"en": "answers to the delivered-value questionnaire (items {items})",
                           "zh": "让渡价值问卷的回答（题项 {items}）"},
    "tl_dv_source_database": {
        "en": "Answers: the delivered-value items of the database's survey, {n} respondents on the scale {low}-{high}"
              "{excluded}.",
        "zh": "回答：数据库问卷中的让渡价值题项，{n} 位受访者，量表 {low}-{high}{excluded}。"},
    "tl_dv_excluded_rows": {"en": " ({n} survey responses without any delivered-value answer are other questionnaires "
                                  "and are not counted)",
                            "zh": "（另有 {n} 份问卷回答没有任何让渡价值题项，属于其他问卷，不计入）"},
    "tl_dv_source_synthetic": {
        "en": "Answers: **simulated** with `make_delivered_value_survey` (seed {seed}) for the {n} customers of the "
              "demo company who answered its satisfaction survey, on the scale {low}-{high}; each simulated "
              "customer's value components rise and cost components fall with their satisfaction index "
              "({effect:g} points per standard deviation), and the segments differ by planted amounts (the truth "
              "is known, so the estimates can be checked).",
        "zh": "回答：用 `make_delivered_value_survey`（随机种子 {seed}）为演示公司中回答过满意度问卷的 {n} 位客户"
              "**模拟**生成，量表 {low}-{high}；每位模拟客户的价值分项随其满意度指数上升、成本分项随之下降"
              "（每个标准差 {effect:g} 分），各客户群之间还预设了已知的差异（真值已知，因此可以检验估计结果）。"},
    "tl_dv_kpi_respondents": {"en": "Respondents with every component answered", "zh": "各构成部分均有回答的受访者"},
    "tl_dv_kpi_value": {"en": "Mean total customer value (0-100)", "zh": "平均总顾客价值（0-100）"},
    "tl_dv_kpi_cost": {"en": "Mean total customer cost (0-100)", "zh": "平均总顾客成本（0-100）"},
    "tl_dv_kpi_delivered": {"en": "Mean delivered value (points)", "zh": "平均让渡价值（分）"},
    "tl_dv_kpi_negative": {"en": "Respondents who give more than they get (delivered value < 0)",
                           "zh": "付出多于所得的受访者（让渡价值 < 0）"},
    "tl_dv_kpi_ratio": {"en": "Median value / cost ratio", "zh": "价值/成本比的中位数"},
    "tl_dv_kpi_negative_value": {"en": "{n} of {total} ({share})", "zh": "{total} 人中 {n} 人（{share}）"},
    "tl_measure": {"en": "Measure", "zh": "指标"},
    "tl_outcome": {"en": "Outcome", "zh": "结果变量"},
    "tl_correlation": {"en": "Correlation", "zh": "相关系数"},
    "tl_outcome_satisfaction": {"en": "satisfaction index (0-100)", "zh": "满意度指数（0-100）"},
    "tl_outcome_loyalty": {"en": "loyalty index (0-100)", "zh": "忠诚度指数（0-100）"},
    "tl_outcome_churn": {"en": "left (churn 0/1)", "zh": "已流失（0/1）"},
    "tl_outcome_overall_satisfaction": {"en": "overall satisfaction (1-10)", "zh": "总体满意度（1-10）"},
    "tl_outcome_repurchase_intention": {"en": "repurchase intention (1-10)", "zh": "再购意愿（1-10）"},
    "tl_measure_delivered_value": {"en": "delivered value", "zh": "让渡价值"},
    "tl_measure_total_value": {"en": "total value", "zh": "总顾客价值"},
    "tl_measure_total_cost": {"en": "total cost", "zh": "总顾客成本"},
    "tl_dv_no_outcomes": {
        "en": "No outcome to relate delivered value to: the database has neither satisfaction or loyalty items "
              "(sat1-4, loy1-4) nor churn labels for these respondents.",
        "zh": "没有可与让渡价值对照的结果变量：数据库中这些受访者既没有满意度或忠诚度题项（sat1-4、loy1-4），"
              "也没有流失标签。"},
    "tl_dv_truth_check": {
        "en": "Check against the truth of the simulation: the estimated delivered value correlates {r} with the true "
              "one, and misses it by {bias} points on average.",
        "zh": "与模拟真值对照：估计的让渡价值与真实让渡价值的相关系数为 {r}，平均偏差为 {bias} 分。"},
    "tl_rank_agreement": {
        "en": "Of the {n} respondents, the difference and the ratio put {k} ({share}) in the same half (above or "
              "below the median); their rank correlation is {rho}.",
        "zh": "在 {n} 位受访者中，差值形式与比值形式把其中 {k} 人（{share}）归入同一半（高于或低于中位数）；"
              "两者的秩相关系数为 {rho}。"},
    # figures of 16 (English as the engine plots write it)
    "tl_fig_components_title": {"en": "Value and cost components (mean score, 0-100)",
                                "zh": "价值与成本构成（平均得分，0-100）"},
    "tl_fig_components_x": {"en": "Cost (left)  |  value (right), points of 0-100",
                            "zh": "成本（左）| 价值（右），0-100 分"},
    "tl_fig_map_title": {"en": "Total customer value against total customer cost", "zh": "总顾客价值与总顾客成本"},
    "tl_fig_map_x": {"en": "Total customer cost (0-100)", "zh": "总顾客成本（0-100）"},
    "tl_fig_map_y": {"en": "Total customer value (0-100)", "zh": "总顾客价值（0-100）"},
    "tl_fig_map_zero": {"en": "Delivered value = 0", "zh": "让渡价值 = 0"},
    # ---------------------------------------------------------------- 17: tiers
    "tl_needs_transactions": {"en": "transactions (who bought what, when, for how much)",
                              "zh": "交易记录（谁在何时买了什么、花了多少钱）"},
    "tl_needs_costs": {"en": "each customer's cost to serve one order (the customers' cost_to_serve column)",
                       "zh": "每位客户每笔订单的服务成本（客户表的 cost_to_serve 列）"},
    "tl_periods": {"en": "Periods: the first from {first_start} to {first_end}, the second from {second_start} to "
                         "{second_end} (both days included).",
                   "zh": "期间：第一期为 {first_start} 至 {first_end}，第二期为 {second_start} 至 {second_end}"
                         "（含首尾两天）。"},
    "tl_kpi_buyers": {"en": "Customers with a purchase in the second period", "zh": "第二期有购买的客户"},
    "tl_kpi_revenue": {"en": "Revenue", "zh": "收入"},
    "tl_kpi_margin": {"en": "Gross margin (margin × revenue)", "zh": "毛利（毛利率 × 收入）"},
    "tl_kpi_cost": {"en": "Cost to serve (orders × cost per order)", "zh": "服务成本（订单数 × 每单成本）"},
    "tl_kpi_profit": {"en": "Customer profit", "zh": "客户利润"},
    "tl_kpi_bad": {"en": "Bad customers (profit < 0)", "zh": "劣质客户（利润 < 0）"},
    "tl_customer_share": {"en": "Share of customers", "zh": "客户占比"},
    "tl_profit": {"en": "Profit ({currency})", "zh": "利润（{currency}）"},
    "tl_profit_share": {"en": "Share of profit", "zh": "利润占比"},
    "tl_mean_profit": {"en": "Mean profit ({currency})", "zh": "平均利润（{currency}）"},
    "tl_whale_sentence": {
        "en": "Of {n} customers, the most profitable 20% bring {top} of the total profit. The whale curve peaks at "
              "{peak} with {peak_customers} of the customers: the rest, among them the {bad} bad customers, take "
              "{lost} of the total profit back.",
        "zh": "在 {n} 位客户中，利润最高的 20% 带来了总利润的 {top}。鲸鱼曲线在 {peak_customers} 的客户处达到峰值 "
              "{peak}：其余客户（其中包括 {bad} 位劣质客户）又吃掉了相当于总利润 {lost} 的部分。"},
    "tl_whale_sentence_no_bad": {
        "en": "Of {n} customers, the most profitable 20% bring {top} of the total profit. No customer loses money in "
              "this period, so the whale curve rises all the way to 100%: there are no bad customers to take profit "
              "back.",
        "zh": "在 {n} 位客户中，利润最高的 20% 带来了总利润的 {top}。本期没有亏损的客户，因此鲸鱼曲线一路上升到 100%："
              "没有劣质客户吃掉利润。"},
    "tl_quadrant": {"en": "Quadrant", "zh": "象限"},
    "tl_revenue_share": {"en": "Share of revenue", "zh": "收入占比"},
    "tl_unprofitable": {"en": "Unprofitable customers", "zh": "亏损客户数"},
    "tl_unprofitable_share": {"en": "Unprofitable share", "zh": "亏损客户占比"},
    "tl_big_not_good": {
        "en": "A big customer is not a good customer: of the {n} customers in the top fifth by revenue, {k} lose "
              "money, together {loss} in the period.",
        "zh": "大客户不等于好客户：在收入最高的五分之一（{n} 位客户）中，有 {k} 位亏损，本期合计亏损 {loss}。"},
    "tl_first_tier": {"en": "Tier in the first period", "zh": "第一期的层级"},
    "tl_second_tier": {"en": "Tier in the second period", "zh": "第二期的层级"},
    "tl_movement": {"en": "Movement", "zh": "变动"},
    "tl_movement_upgraded": {"en": "upgraded", "zh": "升级"},
    "tl_movement_stayed": {"en": "stayed in the tier", "zh": "层级不变"},
    "tl_movement_downgraded": {"en": "downgraded", "zh": "降级"},
    "tl_movement_lost": {"en": "lost (no purchase in the second period)", "zh": "流失（第二期无购买）"},
    "tl_movement_new": {"en": "new (no purchase in the first period)", "zh": "新增（第一期无购买）"},
    "tl_first_revenue": {"en": "Revenue, first period ({currency})", "zh": "第一期收入（{currency}）"},
    "tl_second_revenue": {"en": "Revenue, second period ({currency})", "zh": "第二期收入（{currency}）"},
    "tl_change": {"en": "Change ({currency})", "zh": "变化（{currency}）"},
    "tl_prediction": {
        "en": "Predicted profit of the next {months} months = expected orders (BG/NBD) × (margin {margin} × "
              "expected spend per order (Gamma-Gamma) − cost to serve one order); the margin is {source}.",
        "zh": "未来 {months} 个月的预测利润 = 预期订单数（BG/NBD）×（毛利率 {margin} × 每单预期消费额"
              "（Gamma-Gamma）− 每单服务成本）；毛利率{source}。"},
    "tl_margin_database": {"en": "the one recorded in the database", "zh": "取自数据库的记录"},
    "tl_margin_parameter": {"en": "the report's parameter", "zh": "为本报告的参数"},
    "tl_margin_revenue": {"en": "not recorded, so 100% (profit reads as revenue minus cost to serve)",
                          "zh": "未记录，按 100% 计（利润即收入减服务成本）"},
    "tl_upgrade_sentence": {
        "en": "The key tier starts at a profit of {threshold} (the smallest of its {n_key} customers). Of {n} ordinary "
              "and small customers with a prediction, {k} are predicted to reach at least {near} of that bar next "
              "period: {ordinary} ordinary and {small} small customers.",
        "zh": "关键客户层的门槛是利润 {threshold}（该层 {n_key} 位客户中的最小值）。在 {n} 位有预测值的普通客户和小客户中，"
              "有 {k} 位预计下一期将达到该门槛的 {near} 以上：其中普通客户 {ordinary} 位，小客户 {small} 位。"},
    "tl_predicted": {"en": "Predicted profit ({currency})", "zh": "预测利润（{currency}）"},
    "tl_gap": {"en": "Gap to the key tier ({currency})", "zh": "距关键客户门槛（{currency}）"},
    "tl_reach": {"en": "Reach (predicted / key threshold)", "zh": "达成度（预测 / 关键门槛）"},
    "tl_profit_plain": {"en": "Profit, current period", "zh": "本期利润"},
    "tl_predicted_plain": {"en": "Predicted profit, next period", "zh": "下一期预测利润"},
    "tl_gap_plain": {"en": "Gap to the key tier", "zh": "距关键客户门槛"},
    "tl_upgrade_list_title": {"en": "Upgrade candidates", "zh": "升级候选客户"},
    "tl_became_key": {"en": "Key in the later period", "zh": "后一期成为关键客户"},
    "tl_backtest_candidates": {"en": "candidates", "zh": "候选客户"},
    "tl_backtest_others": {"en": "other ordinary and small customers", "zh": "其他普通客户和小客户"},
    "tl_first_candidates_note": {"en": "First {shown} of {n} candidates; all {n} in the files below.",
                                 "zh": "共 {n} 位候选客户，此处列出前 {shown} 位；全部名单见下方文件。"},
    # ---------------------------------------------------------------- 15: complaints
    "tl_needs_complaints": {"en": "a complaint log (one row per complaint: customer, date, resolved or not, category)",
                            "zh": "投诉记录（每条投诉一行：客户、日期、是否解决、类别）"},
    "tl_needs_churn": {"en": "customers with a churn label (who has left)", "zh": "带流失标签的客户（谁已离开）"},
    "tl_needs_satisfaction": {"en": "survey answers with the satisfaction items sat1-sat4, linked to the customers",
                              "zh": "含满意度题项 sat1-sat4、并与客户关联的问卷回答"},
    "tl_needs_exposure": {"en": "each customer's tenure (months as a customer), or the acquisition and churn dates",
                          "zh": "每位客户的在网时长（月），或获客日期与流失日期"},
    "tl_needs_columns": {"en": "the columns {columns}", "zh": "以下列：{columns}"},
    "tl_complainers": {"en": "Complainers", "zh": "投诉客户数"},
    "tl_complaints": {"en": "Complaints", "zh": "投诉数"},
    "tl_complainer_share": {"en": "Share who complained", "zh": "投诉客户占比"},
    "tl_per_100": {"en": "Complaints per 100 customers", "zh": "每百位客户投诉数"},
    "tl_per_year": {"en": "Complaints per customer-year", "zh": "每客户年投诉数"},
    "tl_per_year_ci": {"en": "95% interval (per customer-year)", "zh": "95% 区间（每客户年）"},
    "tl_category": {"en": "Category", "zh": "类别"},
    "tl_resolved_share": {"en": "Resolved", "zh": "已解决占比"},
    "tl_median_days": {"en": "Median days to resolve", "zh": "解决天数中位数"},
    "tl_p90_days": {"en": "90th percentile (days)", "zh": "第 90 百分位数（天）"},
    "tl_within_days": {"en": "Resolved within {n} days", "zh": "{n} 天内解决"},
    "tl_base": {"en": "Base (the step before)", "zh": "基数（上一环节）"},
    "tl_course_figure": {"en": "Course's figure", "zh": "课程给出的数字"},
    "tl_step": {"en": "Step", "zh": "环节"},
    "tl_step_0": {"en": "1. dissatisfied (of the surveyed customers)", "zh": "1. 不满意（占受访客户）"},
    "tl_step_1": {"en": "2. complained (of the dissatisfied)", "zh": "2. 投诉（占不满意客户）"},
    "tl_step_2": {"en": "3. complaint resolved (of the complainers)", "zh": "3. 投诉已解决（占投诉客户）"},
    "tl_step_3": {"en": "4. stayed (of the resolved)", "zh": "4. 留存（占已解决者）"},
    "tl_step_4": {"en": "comparison: stayed after an unresolved complaint", "zh": "对照：投诉未解决仍留存"},
    "tl_step_5": {"en": "comparison: stayed without complaining", "zh": "对照：未投诉而留存"},
    "tl_followed": {"en": "Followed", "zh": "跟踪人次"},
    "tl_churned": {"en": "Left during the follow-up", "zh": "跟踪期内流失"},
    "tl_retained_at": {"en": "Retained {months} months later", "zh": "{months} 个月后仍留存"},
    "tl_difference": {"en": "Difference", "zh": "差值"},
    "tl_comparison": {"en": "Comparison", "zh": "比较"},
    "tl_complained_in_window": {"en": "Complained in the {days} days before", "zh": "之前 {days} 天内投诉过"},
    "tl_churners_minus_stayers": {"en": "difference: churners − stayers", "zh": "差值：流失客户 − 留存客户"},
    "tl_missing_difference_row": {"en": "– : the difference row has no count of its own",
                                  "zh": "– ：差值一行没有单独的人数"},
    "tl_col_claim": {"en": "The course says", "zh": "课程的说法"},
    "tl_col_measure": {"en": "Measured on this data as", "zh": "在本数据上的测量方式"},
    "tl_col_verdict": {"en": "Interval and claim", "zh": "区间与论断"},
    "tl_col_evidence": {"en": "Evidence", "zh": "证据类型"},
    "tl_verdict_supported": {"en": "consistent", "zh": "相符"},
    "tl_verdict_not_supported": {"en": "not consistent", "zh": "不相符"},
    "tl_verdict_not_testable_with_this_data": {"en": "not testable with this data", "zh": "现有数据无法检验"},
    "tl_claim_67": {"en": "67% of dissatisfied customers complain", "zh": "67% 的不满意客户会投诉"},
    "tl_claim_75": {"en": "handling the complaint well wins back 75%", "zh": "妥善处理投诉能挽回 75% 的客户"},
    "tl_claim_9": {"en": "each dissatisfied customer tells about 9 others", "zh": "每位不满意的客户会告诉约 9 个人"},
    "tl_claim_94": {"en": "94% of leavers cite poor service", "zh": "94% 的流失客户归因于服务差"},
    "tl_claim_89": {"en": "89% of leavers cite an unsolved problem", "zh": "89% 的流失客户归因于问题未解决"},
    "tl_claim_c10": {"en": "C10: resolved complainers are more loyal than customers who never complained",
                     "zh": "C10：投诉得到解决的客户比从未投诉的客户更忠诚"},
    "tl_claim_c11": {"en": "C11: most customers complain before they leave", "zh": "C11：大多数客户在离开前会投诉"},
    "tl_measure_67": {"en": "share of the dissatisfied (satisfaction index below the cut) with a complaint",
                      "zh": "不满意客户（满意度指数低于切分点）中投诉过的比例"},
    "tl_measure_75": {"en": "share of the resolved complainers among the dissatisfied who had not left",
                      "zh": "不满意客户中投诉已解决者尚未流失的比例"},
    "tl_measure_9": {"en": "needs word-of-mouth data (referrals, reviews): not in this database",
                     "zh": "需要口碑数据（推荐、评价）：本数据库没有"},
    "tl_measure_94": {"en": "needs the reasons leavers give (exit interviews): not in this database",
                      "zh": "需要流失客户给出的原因（离开时的访谈）：本数据库没有"},
    "tl_measure_89": {"en": "needs the reasons leavers give (exit interviews): not in this database",
                      "zh": "需要流失客户给出的原因（离开时的访谈）：本数据库没有"},
    "tl_measure_c10": {"en": "retained {months} months after the first complaint: resolved − matched customers "
                             "without a complaint",
                       "zh": "首次投诉 {months} 个月后的留存率：已解决者 − 匹配的未投诉客户"},
    "tl_measure_c11": {"en": "share of churners with a complaint in their last {days} days (above one half and "
                             "above the stayers')",
                       "zh": "流失客户在最后 {days} 天内投诉过的比例（高于一半且高于留存客户）"},
    "tl_claims_synthetic_note": {
        "en": "**Synthetic data.** The demo company was simulated with these effects built in (or left out), so "
              "the last column says *synthetic data*: the rows show how each figure is tested, not whether it holds "
              "for real customers. Run the notebook on your own database (`--store DB`) to test them.",
        "zh": "**模拟数据。** 演示公司是按预设效应（或不设效应）模拟出来的，所以最后一列写的是*模拟数据*：各行展示的是每个数字"
              "如何检验，而不是它对真实客户是否成立。对你自己的数据库运行本笔记本（`--store DB`）即可检验这些数字。"},
    # ---------------------------------------------------------------- 15/16: parameters named on the page
    "tl_end_sentence": {"en": "The data count up to **{end}**{source}.{late}",
                        "zh": "数据统计到 **{end}** 为止{source}。{late}"},
    "tl_end_source_parameter": {"en": " (the parameter observation_end)", "zh": "（参数 observation_end）"},
    "tl_end_source_transactions": {"en": ", the day of the last purchase in the database (the parameter "
                                         "observation_end sets another day)",
                                   "zh": "，即数据库中最后一次购买的日期（可用参数 observation_end 指定其他日期）"},
    "tl_end_source_data": {"en": ", the last complaint or churn date in the database (the parameter observation_end "
                                 "sets another day)",
                           "zh": "，即数据库中最后一次投诉或流失的日期（可用参数 observation_end 指定其他日期）"},
    "tl_end_late": {"en": " {n} complaints dated after it are left out.", "zh": "此后的 {n} 条投诉不计入。"},
    "tl_col_complaint_id": {"en": "Complaint", "zh": "投诉编号"},
    "tl_col_customer": {"en": "Customer", "zh": "客户"},
    "tl_col_date": {"en": "Date", "zh": "日期"},
    "tl_col_resolved": {"en": "Resolved", "zh": "是否解决"},
    "tl_col_days_to_resolve": {"en": "Days to resolve", "zh": "解决天数"},
    "tl_segment_col_missing": {
        "en": "The customers have no column `{column}`, so the {what} are shown for all customers together. Name the "
              "column of your customer groups with the parameter segment_col (`-p segment_col COLUMN`; the "
              "customers' text columns: {columns}).",
        "zh": "客户表中没有 `{column}` 列，因此{what}只按全体客户显示。请用参数 segment_col 指定客户分组所在的列"
              "（`-p segment_col 列名`；客户表中的文本列：{columns}）。"},
    "tl_segment_what_rates": {"en": "complaint rates", "zh": "投诉率"},
    "tl_segment_what_profiles": {"en": "profiles", "zh": "构成部分概况"},
    "tl_no_text_columns": {"en": "none", "zh": "无"},
    "tl_items_missing": {
        "en": "**The survey has no items {items}.** It is in the database, linked to the customers; name its "
              "satisfaction questions with the parameter satisfaction_items, e.g.:",
        "zh": "**问卷中没有题项 {items}。** 问卷已导入数据库并与客户关联；请用参数 satisfaction_items 指定其中的满意度"
              "题目，例如："},
    "tl_survey_unlinked": {"en": "survey answers linked to the customers by their customer id",
                           "zh": "通过客户编号与客户关联的问卷回答"},
    # ---------------------------------------------------------------- 15: readings chosen by the numbers
    "tl_funnel_unknown": {
        "en": "{n} of the {complained} dissatisfied complainers are left out of step 3 and the next: the outcome of "
              "some of their complaints is unknown (and none is known to be unresolved).",
        "zh": "{complained} 位投诉过的不满意客户中，有 {n} 位不计入第 3 环节及之后：他们的部分投诉结果未知（且没有已知未解决的投诉）。"},
    "tl_read_complained_below": {
        "en": "{share} of the {n} dissatisfied complained ({low} to {high}), fewer than the course's 67%.",
        "zh": "{n} 位不满意客户中有 {share} 投诉过（{low} 至 {high}），低于课程所说的 67%。"},
    "tl_read_complained_covers": {
        "en": "{share} of the {n} dissatisfied complained ({low} to {high}), in line with the course's 67%.",
        "zh": "{n} 位不满意客户中有 {share} 投诉过（{low} 至 {high}），与课程所说的 67% 相符。"},
    "tl_read_complained_above": {
        "en": "{share} of the {n} dissatisfied complained ({low} to {high}), more than the course's 67%.",
        "zh": "{n} 位不满意客户中有 {share} 投诉过（{low} 至 {high}），高于课程所说的 67%。"},
    "tl_read_resolved": {"en": "Of the {n} complainers with a known outcome, {share} had every complaint resolved.",
                         "zh": "在结果已知的 {n} 位投诉客户中，{share} 的投诉全部得到解决。"},
    "tl_read_kept_more": {
        "en": "{resolved} of the dissatisfied stayed after a resolved complaint, {unresolved} after an unresolved "
              "one: here a resolved complaint kept more of them.",
        "zh": "投诉得到解决的不满意客户有 {resolved} 留了下来，投诉未解决的有 {unresolved}：在这里，解决投诉留住了更多客户。"},
    "tl_read_kept_fewer": {
        "en": "{resolved} of the dissatisfied stayed after a resolved complaint, {unresolved} after an unresolved "
              "one: here a resolved complaint kept fewer of them, not more.",
        "zh": "投诉得到解决的不满意客户有 {resolved} 留了下来，投诉未解决的有 {unresolved}：在这里，解决投诉留住的客户反而更少。"},
    "tl_read_kept_noise": {
        "en": "{resolved} of the dissatisfied stayed after a resolved complaint, {unresolved} after an unresolved "
              "one: the intervals overlap, so these data do not show that resolving keeps more of them.",
        "zh": "投诉得到解决的不满意客户有 {resolved} 留了下来，投诉未解决的有 {unresolved}：两个区间重叠，这些数据不能说明解决投诉能留住更多客户。"},
    "tl_read_kept_unknown": {"en": "Too few dissatisfied complainers to compare who stayed.",
                             "zh": "投诉过的不满意客户太少，无法比较谁留了下来。"},
    "tl_share_interval": {"en": "{share} ({low} to {high})", "zh": "{share}（{low} 至 {high}）"},
    "tl_read_funnel_demo": {
        "en": "*On the demo data (synthetic)* the funnel leaks most before anyone can act: fewer of the dissatisfied "
              "complain than the course's 67%, and fewer than half of those who complain have every complaint "
              "resolved, which is why a firm should make complaining easy and resolve complaints completely.",
        "zh": "*在演示数据（模拟数据）中*，漏斗在企业还来不及行动之前漏得最多：不满意客户中投诉的比例低于课程所说的 67%，"
              "而投诉者中所有投诉都得到解决的不到一半，所以企业应当让投诉变得容易，并把投诉彻底解决。"},
    "tl_read_recovery_demo": {
        "en": "*On the demo data (synthetic)* a resolution lowers the hazard of leaving (it is planted), yet the "
              "resolved complainers can still stay less than the matched customers without a complaint, because "
              "they were less satisfied before they complained.",
        "zh": "*在演示数据（模拟数据）中*，投诉得到解决会降低离开的风险（这是预设的），但投诉已解决的客户仍可能比匹配的未投诉"
              "客户留存得少，因为他们在投诉之前就不那么满意。"},
    "tl_c10_verdict_supported": {"en": "holds here (C10)", "zh": "在这里成立（C10）"},
    "tl_c10_verdict_opposite": {"en": "the opposite: resolved complainers stay less (no paradox)",
                                "zh": "相反：投诉已解决的客户留存更少（没有悖论）"},
    "tl_c10_verdict_noise": {"en": "within the noise: neither confirmed nor refuted",
                             "zh": "在噪声范围内：既不能证实也不能否定"},
    "tl_c10_verdict_unknown": {"en": "not testable with this data", "zh": "现有数据无法检验"},
    "tl_c11_verdict_supported": {"en": "holds here (C11)", "zh": "在这里成立（C11）"},
    "tl_c11_verdict_more_not_most": {"en": "only in part: more often than stayers, not most",
                                     "zh": "部分成立：比留存客户更常投诉，但不是大多数"},
    "tl_c11_verdict_more_maybe_most": {"en": "holds for \"more often\", not clearly for \"most\"",
                                       "zh": "\"更常投诉\"成立，\"大多数\"不明确"},
    "tl_c11_verdict_most_not_more": {"en": "only in part: most, but not more often than stayers",
                                     "zh": "部分成立：大多数投诉过，但并不比留存客户更常投诉"},
    "tl_c11_verdict_not_most": {"en": "does not hold here: most leavers did not complain",
                                "zh": "在这里不成立：大多数离开的客户没有投诉"},
    "tl_c11_verdict_noise": {"en": "too few data to tell", "zh": "数据太少，无法判断"},
    # ---------------------------------------------------------------- 16: readings chosen by the numbers
    "tl_dv_no_groups": {"en": "No customer groups to compare (the parameter segment_col names their column).",
                        "zh": "没有可比较的客户分组（参数 segment_col 指定分组所在的列）。"},
    "tl_dv_read_gap": {"en": "{segment}: {component} {gap} points", "zh": "{segment}：{component} {gap} 分"},
    "tl_dv_read_gaps": {"en": "The component furthest from the whole sample, per group: {items}.",
                        "zh": "各客户群离全体样本最远的构成部分：{items}。"},
    "tl_list_sep": {"en": "; ", "zh": "；"},
    "tl_dv_read_demo_profile": {
        "en": "*On the demo data (simulated answers)* these are the planted differences: restaurants carry the "
              "highest time cost, retail shops the highest money cost, offices rate the personnel highest and "
              "individuals carry the highest psychic cost. Each calls for a different action: delivery slots for "
              "restaurants, volume prices for shops, keeping the sales reps who serve offices, reassurance (samples, "
              "a return promise) for individuals.",
        "zh": "*在演示数据（模拟回答）中*，这正是预设的差异：餐馆的时间成本最高，零售店的货币成本最高，企业办公客户对人员价值的"
              "评价最高，个人客户的精神成本最高。每一种都需要不同的行动：为餐馆提供预约送货时段，为零售店提供批量价格，留住服务"
              "企业客户的销售代表，为个人客户提供安心保障（试用装、退换承诺）。"},
    "tl_dv_read_signs": {
        "en": "{k} of the {n} correlations have the sign the theory predicts; {clear} of them with an interval that "
              "excludes 0.",
        "zh": "{n} 个相关系数中有 {k} 个符号与理论预测一致；其中 {clear} 个的区间不含 0。"},
    "tl_dv_read_strongest": {"en": "The strongest: {measure} with {outcome} (r = {r}).",
                             "zh": "最强的是{measure}与{outcome}（r = {r}）。"},
    "tl_dv_items_missing": {
        "en": "The survey has no items {items}: name its satisfaction questions with the parameter satisfaction_items "
              "to relate delivered value to satisfaction.",
        "zh": "问卷中没有题项 {items}：请用参数 satisfaction_items 指定其中的满意度题目，才能把让渡价值与满意度联系起来。"},
    "tl_dv_read_demo_outcomes": {
        "en": "*On the demo data (simulated answers)* the correlations with satisfaction are the strongest, as "
              "planted: the simulation lets satisfaction and delivered value move together.",
        "zh": "*在演示数据（模拟回答）中*，与满意度的相关最强，这与模拟的设定相符：模拟让满意度和让渡价值同向变化。"},
    "tl_dv_read_weighted": {
        "en": "With time weighed twice, the group with the highest time cost, {segment} ({time} points), goes from "
              "{before} to {after} points of delivered value.",
        "zh": "时间成本加倍计权后，时间成本最高的客户群{segment}（{time} 分）的让渡价值从 {before} 分变为 {after} 分。"},
    "tl_dv_read_demo_exercise": {
        "en": "*On the demo data (simulated answers)* the gaps are the planted differences: time for restaurants, "
              "money for retail shops, psychic cost for individuals, while offices stand out positively on personnel.",
        "zh": "*在演示数据（模拟回答）中*，这些差距正是预设的差异：餐馆的时间成本、零售店的货币成本、个人客户的精神成本；而企业"
              "办公客户在人员价值上明显高出平均。"},
}
