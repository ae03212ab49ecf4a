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
}
