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
}
