"""Words of the linked customer base (customer_base): tables, prose and figure labels, en/zh (see the package docstring).

Keys start with ``cb_``.  Figure entries are the English texts that the plots
of :mod:`crm_analysis.value.profit`, :mod:`crm_analysis.value.migration` and
:mod:`crm_analysis.value.cohorts` write (``{fields}`` where they put a number,
a date or a currency), so :func:`crm_analysis.present.localize` finds them.
The tier names key / ordinary / small / bad are the value catalogue's
(``value_tier_*``); the quadrant names and the migration rows and columns are
the engines' own (``COST_QUADRANTS``, ``MIGRATION_FROM``, ``MIGRATION_TO``).
"""

TEXT: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- units not in the common catalogue
    "cb_unit_quarters": {"en": "quarters", "zh": "个季度"},
    # ---------------------------------------------------------------- profit pyramid (plot_profit_pyramid)
    "cb_fig_share_profit": {"en": "Share of profit", "zh": "利润占比"},
    "cb_fig_profit_pyramid": {"en": "Profit pyramid: share of customers vs share of profit",
                              "zh": "利润金字塔：客户占比与利润占比"},
    "cb_fig_tier_profit_axis": {"en": "Tier (top = most profitable)", "zh": "层级（顶部利润最高）"},
    # ---------------------------------------------------------------- whale curve (plot_whale_curve)
    "cb_fig_cum_profit": {"en": "Cumulative profit", "zh": "累计利润"},
    "cb_fig_all_profit": {"en": "100% of profit", "zh": "全部利润（100%）"},
    "cb_fig_whale_peak": {"en": "Peak: {peak} of profit from the top {share} of customers",
                          "zh": "峰值：利润最高的前 {share} 客户贡献了 {peak} 的利润"},
    "cb_fig_whale_title": {"en": "Whale curve of customer profit", "zh": "客户利润鲸鱼曲线"},
    "cb_fig_whale_x": {"en": "Customers, most to least profitable (% of customers)",
                       "zh": "客户，按利润从高到低排列（占客户 %）"},
    "cb_fig_whale_y": {"en": "Cumulative profit (% of total profit)", "zh": "累计利润（占总利润 %）"},
    # ---------------------------------------------------------------- revenue x cost-to-serve quadrants
    "cb_quadrant_high_high": {"en": "high revenue, high cost", "zh": "高收入、高成本"},
    "cb_quadrant_high_low": {"en": "high revenue, low cost", "zh": "高收入、低成本"},
    "cb_quadrant_low_high": {"en": "low revenue, high cost", "zh": "低收入、高成本"},
    "cb_quadrant_low_low": {"en": "low revenue, low cost", "zh": "低收入、低成本"},
    "cb_action_high_high": {"en": "Check profit one by one: lower the cost to serve or reprice the loss-makers",
                            "zh": "逐一核算利润：对亏损客户降低服务成本或重新定价"},
    "cb_action_high_low": {"en": "Protect: the profit engine, serve well and keep",
                           "zh": "重点保护：利润的主要来源，服务好并留住"},
    "cb_action_low_high": {"en": "Cut cost to serve (minimum order, self-service) or let go",
                           "zh": "降低服务成本（最低订货量、自助服务）或放弃"},
    "cb_action_low_low": {"en": "Serve at low cost; grow those with potential",
                          "zh": "低成本服务；培养其中有潜力的客户"},
    "cb_fig_quadrant_legend": {"en": "{quadrant}: {n} customers, {k} unprofitable",
                               "zh": "{quadrant}：{n} 位客户，其中 {k} 位亏损"},
    "cb_fig_unprofitable_marker": {"en": "x = unprofitable (profit < 0)", "zh": "x = 亏损客户（利润 < 0）"},
    "cb_fig_revenue_cost_title": {"en": "Revenue x cost to serve", "zh": "收入 × 服务成本"},
    "cb_fig_revenue_window": {"en": "Revenue in the window", "zh": "期间收入"},
    "cb_fig_revenue_window_cur": {"en": "Revenue in the window ({currency})", "zh": "期间收入（{currency}）"},
    "cb_fig_cost_order": {"en": "Cost to serve per order", "zh": "每笔订单的服务成本"},
    "cb_fig_cost_order_cur": {"en": "Cost to serve per order ({currency})", "zh": "每笔订单的服务成本（{currency}）"},
    # ---------------------------------------------------------------- tier migration (plot_tier_migration)
    "cb_tier_new": {"en": "new", "zh": "新增"},
    "cb_tier_lost": {"en": "lost", "zh": "流失"},
    "cb_tier_none": {"en": "none", "zh": "无购买"},
    "cb_fig_row_share": {"en": "Share of the row (%)", "zh": "占该行的比例（%）"},
    "cb_fig_tier_second": {"en": "Tier in the second period", "zh": "第二期的层级"},
    "cb_fig_tier_first": {"en": "Tier in the first period", "zh": "第一期的层级"},
    "cb_fig_tier_second_dates": {"en": "Tier in the second period ({start} to {end})",
                                 "zh": "第二期的层级（{start} 至 {end}）"},
    "cb_fig_tier_first_dates": {"en": "Tier in the first period ({start} to {end})",
                                "zh": "第一期的层级（{start} 至 {end}）"},
    "cb_fig_migration_title": {"en": "Tier migration between two periods (customers)",
                               "zh": "两期之间的客户层级迁移（客户数）"},
    # ---------------------------------------------------------------- cohort heat map (plot_cohort_heatmap)
    "cb_fig_cohort_share": {"en": "Share of the cohort buying (%)", "zh": "同期群中购买客户的比例（%）"},
    "cb_fig_cohort_title": {"en": "Cohort retention: share of each cohort buying",
                            "zh": "同期群留存：各同期群中购买客户的比例"},
    "cb_fig_since_M": {"en": "Months since acquisition (0 = the acquisition month)",
                       "zh": "获客后的月数（0 = 获客当月）"},
    "cb_fig_since_Q": {"en": "Quarters since acquisition (0 = the acquisition quarter)",
                       "zh": "获客后的季度数（0 = 获客当季）"},
    "cb_fig_since_Y": {"en": "Years since acquisition (0 = the acquisition year)",
                       "zh": "获客后的年数（0 = 获客当年）"},
    "cb_fig_cohort_M": {"en": "Acquisition cohort (month)", "zh": "获客同期群（月）"},
    "cb_fig_cohort_Q": {"en": "Acquisition cohort (quarter)", "zh": "获客同期群（季度）"},
    "cb_fig_cohort_Y": {"en": "Acquisition cohort (year)", "zh": "获客同期群（年）"},
    # ---------------------------------------------------------------- period KPIs (plot_period_kpis)
    "cb_fig_kpi_new": {"en": "New (first purchase)", "zh": "新客户（首次购买）"},
    "cb_fig_kpi_new_acquired": {"en": "New (acquired)", "zh": "新客户（新获取）"},
    "cb_fig_kpi_returned": {"en": "Returned (bought again after a break)", "zh": "回流客户（中断后再次购买）"},
    "cb_fig_kpi_lost": {"en": "Lost (shown below zero)", "zh": "流失客户（画在零线以下）"},
    "cb_fig_kpi_retained": {"en": "Retained", "zh": "保留客户"},
    "cb_fig_kpi_active": {"en": "Active", "zh": "活跃客户"},
    "cb_fig_kpi_active_window": {"en": "Active (bought in the last {n} {unit})",
                                 "zh": "活跃客户（最近{n}{unit}内有购买）"},
    "cb_fig_kpi_title": {"en": "Customers per period: active, new, retained, returned and lost",
                         "zh": "各期客户数：活跃、新增、保留、回流与流失"},
    "cb_fig_period_M": {"en": "Period (month)", "zh": "期间（月）"},
    "cb_fig_period_Q": {"en": "Period (quarter)", "zh": "期间（季度）"},
    "cb_fig_period_Y": {"en": "Period (year)", "zh": "期间（年）"},
    "cb_fig_customers_count": {"en": "Customers (count)", "zh": "客户数（人）"},
    # ---------------------------------------------------------------- equity bridge (plot_equity_bridge)
    "cb_fig_equity_start": {"en": "Equity at start", "zh": "期初客户资产"},
    "cb_fig_lost_customers": {"en": "Lost customers", "zh": "流失客户"},
    "cb_fig_retained_customers": {"en": "Retained customers", "zh": "保留客户"},
    "cb_fig_equity_end": {"en": "Equity at end", "zh": "期末客户资产"},
    "cb_fig_bridge_title": {"en": "Customer equity bridge", "zh": "客户资产变动桥"},
    "cb_fig_bridge_title_dates": {"en": "Customer equity bridge: {start} to {end}",
                                  "zh": "客户资产变动桥：{start} 至 {end}"},
    "cb_fig_equity": {"en": "Customer equity", "zh": "客户资产"},
    "cb_fig_equity_cur": {"en": "Customer equity ({currency})", "zh": "客户资产（{currency}）"},
    "cb_fig_bridge_x": {"en": "Change by group of customers", "zh": "按客户群分解的变动"},
}
