from .catalogs import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality

__all__ = ["BudgetLine", "Department", "EthnicGroup", "Institution", "LinguisticCommunity", "Municipality"]
