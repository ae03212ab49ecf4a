"""Page helpers of the linked teaching notebooks: 15 complaints, 16 delivered value, 17 tiers.

Every helper formats what an engine computed (tables, sentences, the notes a
section shows when the database lacks the data it needs); no computation of
its own beyond choosing and joining the data a section reads.

One module per notebook: :mod:`.complaints` (15: complaint rates, resolution
times, the funnel, service recovery, complaints before churn and the course's
claims), :mod:`.delivered_value` (16: the answers, the questionnaire and its
template files, the scores and outcomes) and :mod:`.tiers` (17: the two
periods, the profit pyramid, quadrants, migration and upgrade candidates);
:mod:`.shared` holds what more than one page uses (the "section needs" note,
segment names, churn words, the stored survey items).  Every name is
re-exported here, so the notebooks keep ``from crm_analysis.present import
linked_teaching as page`` and ``page.<helper>``.
"""
from .complaints import (ComplaintData, before_churn_section, before_churn_table, category_name, column_or_none,
                         complaint_data, course_claims, funnel_figure, funnel_section, funnel_table, rates_section,
                         rates_table, recovery_figure, recovery_group, recovery_section, recovery_tables,
                         synthetic_claims_note, times_figure, times_section, times_table)
from .complaints import (before_churn_reading, complaint_data_sentence, complaints_preview, funnel_reading,
                         observation_end_of, recovery_reading, satisfaction_item_list, segment_col_note)
from .delivered_value import (DeliveredValueData, answer_sheet, churn_colours, delivered_value_data, dv_kpis,
                              dv_outcome_table, dv_outcomes, dv_profile_table, dv_score_table, dv_source_sentence,
                              dv_truth_sentence, questionnaire, questionnaire_table, ratio_agreement_sentence,
                              write_delivered_value_template)
from .delivered_value import (dv_answers_preview, dv_exercise_reading, dv_outcome_reading, dv_profile_reading,
                              dv_segments_note)
from .shared import OUTCOME_BLOCKS, churn_labels, section_needs, segment_name, segment_names
from .tiers import (backtest_table, big_not_good_sentence, candidates_note, migration_table, movement_table,
                    periods_sentence, prediction_sentence, profit_kpis, pyramid_table, quadrant_table, require_costs,
                    tier_name, two_periods, upgrade_list, upgrade_sentence, upgrade_table, whale_sentence)

__all__ = ["section_needs", "segment_name", "segment_names", "DeliveredValueData", "delivered_value_data",
           "dv_source_sentence", "questionnaire", "answer_sheet", "write_delivered_value_template", "dv_score_table",
           "dv_kpis", "dv_profile_table", "dv_outcome_table", "dv_outcomes", "churn_colours", "dv_truth_sentence", "ratio_agreement_sentence",
           "churn_labels", "tier_name", "two_periods", "require_costs", "periods_sentence", "profit_kpis",
           "pyramid_table", "whale_sentence", "quadrant_table", "big_not_good_sentence", "migration_table",
           "movement_table", "prediction_sentence", "upgrade_sentence", "upgrade_table", "upgrade_list",
           "backtest_table", "candidates_note", "ComplaintData", "complaint_data", "category_name", "rates_table",
           "times_table", "funnel_section", "funnel_table", "funnel_figure", "recovery_section", "recovery_tables",
           "recovery_group", "recovery_figure", "before_churn_section", "before_churn_table", "course_claims",
           "synthetic_claims_note", "column_or_none", "times_section", "times_figure", "rates_section",
           "questionnaire_table", "complaint_data_sentence", "complaints_preview", "funnel_reading",
           "recovery_reading", "before_churn_reading", "satisfaction_item_list", "segment_col_note",
           "observation_end_of", "dv_answers_preview", "dv_segments_note", "dv_profile_reading",
           "dv_outcome_reading", "dv_exercise_reading"]
