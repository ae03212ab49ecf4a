"""The engines' most frequent notes in Chinese: exclusions and imputations a teaching or research page reports.

An engine warns in English (its message is also what a Python user reads).  On a page the warning becomes a
note (:func:`crm_analysis.reports.render.clean_warnings`), and a note whose message matches one of these
English templates, fields included, is shown in the page's language; any other message stays as the engine
wrote it.  The English forms must stay word for word the engines' formats (tests check them on real
warnings).
"""

TEXT = {
    "note_gamma_gamma_one_off": {
        "en": "{n} of {total} customers with frequency 0 excluded from the Gamma-Gamma fit: spend is modelled on "
              "repeat purchases only",
        "zh": "{total} 位客户中有 {n} 位频次为 0，未纳入 Gamma-Gamma 拟合：消费金额只用重复购买建模"},
    "note_mean_imputation": {
        "en": "{gaps} missing answers in {rows} of {n} respondents replaced by item means (mean imputation; "
              "missing per item: {items})",
        "zh": "{n} 位受访者中有 {rows} 位共缺 {gaps} 个答案，已用各题均值替代（均值插补；各题缺答数：{items}）"},
    "note_pairwise_deletion": {
        "en": "{gaps} missing answers in {rows} of {n} respondents kept: covariances from the respondents who "
              "answered both items (pairwise deletion; scores count a missing answer at the item mean; missing "
              "per item: {items})",
        "zh": "{n} 位受访者中有 {rows} 位共缺 {gaps} 个答案，均予保留：每个协方差只用同时回答了两道题的受访者计算"
              "（成对删除；计算得分时缺答按该题均值计；各题缺答数：{items}）"},
    "note_listwise_deletion": {
        "en": "{k} of {n} respondents excluded for missing answers (listwise deletion, {used} used; missing per "
              "item: {items}; {where})",
        "zh": "{n} 位受访者中有 {k} 位因缺答未纳入（列表删除，使用 {used} 位；各题缺答数：{items}；{where}）"},
    "note_rows_first": {"en": "rows {rows} (first {shown} of {total})",
                        "zh": "第 {rows} 行（共 {total} 行，列出前 {shown} 行）"},
    "note_rows_total": {"en": "rows {rows} ({total} in total)", "zh": "第 {rows} 行（共 {total} 行）"},
    "note_codes_missing": {
        "en": "{total} answers coded as missing (missing_codes: {codes}) are now missing values, per item: {items}",
        "zh": "{total} 个标为“未作答”代码的答案（missing_codes：{codes}）已按缺失值处理，各题：{items}"},
    "note_database_returns": {
        "en": "{n} of {total} rows of transactions excluded: negative '{column}' (returns; e.g. customer ids {rows})",
        "zh": "{total} 行交易中有 {n} 行未纳入：'{column}' 为负（退货；例如客户 {rows}）"},
    "note_database_late": {
        "en": "{n} of {total} rows of transactions excluded: '{column}' after observation_end {label} (e.g. customer "
              "ids {rows})",
        "zh": "{total} 行交易中有 {n} 行未纳入：'{column}' 晚于观察期结束 {label}（例如客户 {rows}）"},
}
