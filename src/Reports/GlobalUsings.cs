// The Cash flows sheet's columns are defined in the cost model, beside the option kinds that write formulas into them.
global using Col = Planner.CostModel.Evaluation.CashFlowSheetColumn;
