"""Words of the linked customer base (complaints): tables, prose and figure labels, en/zh (see the package docstring).

Also the words of the linked satisfaction figures (crm_analysis.satisfaction.linked): the satisfaction x value
matrix and the value-weighted driver importance.  Figure texts are matched by their English form.
"""

TEXT: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ satisfaction x value (linked.py)
    "lnk_quadrant_valuable_dissatisfied": {"en": "valuable and dissatisfied", "zh": "高价值且不满意"},
    "lnk_quadrant_valuable_satisfied": {"en": "valuable and satisfied", "zh": "高价值且满意"},
    "lnk_quadrant_other_dissatisfied": {"en": "other and dissatisfied", "zh": "其他客户且不满意"},
    "lnk_quadrant_other_satisfied": {"en": "other and satisfied", "zh": "其他客户且满意"},
    "lnk_fig_satisfaction_value": {"en": "Satisfaction and customer value", "zh": "满意度与客户价值"},
    "lnk_fig_customer_value": {"en": "Customer value", "zh": "客户价值"},
    "lnk_fig_customer_value_currency": {"en": "Customer value ({currency})", "zh": "客户价值（{currency}）"},
    "lnk_fig_weighted_importance": {"en": "Driver importance per customer and per unit of value",
                                    "zh": "驱动因素重要性：按客户与按价值计"},
    "lnk_fig_importance_axis": {"en": "Importance (standardised coefficient)", "zh": "重要性（标准化系数）"},
    "lnk_fig_counts_once": {"en": "every customer counts once", "zh": "每位客户权重相同"},
    "lnk_fig_value_weighted": {"en": "weighted by customer value", "zh": "按客户价值加权"},
    # ------------------------------------------------------------------ complaint funnel
    "cpl_step_dissatisfied": {"en": "dissatisfied customers", "zh": "不满意的客户"},
    "cpl_step_complained": {"en": "complained", "zh": "投诉"},
    "cpl_step_resolved": {"en": "complaint resolved", "zh": "投诉已解决"},
    "cpl_step_stayed_unresolved": {"en": "stayed after an unresolved complaint", "zh": "投诉未解决仍留存"},
    "cpl_step_stayed_silent": {"en": "stayed without complaining", "zh": "未投诉而留存"},
    "cpl_fig_funnel": {"en": "Complaint funnel", "zh": "投诉漏斗"},
    "cpl_fig_step": {"en": "Step", "zh": "环节"},
    "cpl_fig_step_share": {"en": "Share of the step before (%)", "zh": "占上一环节的比例（%）"},
    "cpl_fig_comparison": {"en": "comparison", "zh": "对照"},
    "cpl_fig_course_claim": {"en": "course claim", "zh": "课程论断"},
    # ------------------------------------------------------------------ rates and resolution times
    "cpl_all_customers": {"en": "all customers", "zh": "全部客户"},
    "cpl_all_complaints": {"en": "all complaints", "zh": "全部投诉"},
    "cpl_category_delivery": {"en": "delivery", "zh": "配送"},
    "cpl_category_quality": {"en": "product quality", "zh": "产品质量"},
    "cpl_category_price": {"en": "price", "zh": "价格"},
    "cpl_category_service": {"en": "service", "zh": "服务"},
    "cpl_category_billing": {"en": "billing", "zh": "账单"},
    "cpl_fig_median": {"en": "median", "zh": "中位数"},
    "cpl_fig_p90": {"en": "90th percentile", "zh": "第 90 百分位数"},
    "cpl_fig_resolution_times": {"en": "Time to resolve complaints", "zh": "投诉解决用时"},
    "cpl_fig_days_to_resolve": {"en": "Days to resolve (resolved complaints)", "zh": "解决天数（已解决的投诉）"},
    "cpl_fig_category": {"en": "Complaint category", "zh": "投诉类别"},
    # ------------------------------------------------------------------ service recovery (C10), complain-then-leave (C11)
    "cpl_group_unresolved": {"en": "complaint unresolved", "zh": "投诉未解决"},
    "cpl_group_no_complaint": {"en": "no complaint", "zh": "未投诉"},
    "cpl_fig_recovery": {"en": "Staying after the first complaint", "zh": "首次投诉后的留存"},
    "cpl_fig_months_since": {"en": "Months since the landmark (first complaint + grace period; matched without one)",
                             "zh": "观察起点后的月数（首次投诉加宽限期；未投诉者按匹配日期）"},
    "cpl_group_churners": {"en": "churners", "zh": "流失客户"},
    "cpl_fig_last_days": {"en": "Complaints in the last {n} days", "zh": "最后 {n} 天内的投诉"},
    "cpl_fig_share_complained": {"en": "Share who complained (%)", "zh": "投诉过的比例（%）"},
    "cpl_fig_customer_group": {"en": "Customer group", "zh": "客户组"},
    "cpl_fig_rate": {"en": "Complaint rate (exact Poisson interval)", "zh": "投诉率（精确 Poisson 区间）"},
    "cpl_fig_per_customer_year": {"en": "Complaints per customer-year", "zh": "每客户年投诉次数"},
    "cpl_fig_per_100": {"en": "Complaints per 100 customers", "zh": "每 100 位客户的投诉次数"},
    "cpl_group_stayers": {"en": "stayers", "zh": "留存客户"},
}
