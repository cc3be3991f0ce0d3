"""Real contract language for the demo register and the tests.

Every clause below is quoted from CUAD v1, real agreements filed with the SEC, labelled by legal
experts: Hendrycks, Burns, Chen & Ball, "CUAD: An Expert-Annotated NLP Dataset for Legal Contract
Review", NeurIPS 2021 Datasets and Benchmarks; dataset by The Atticus Project, licensed CC BY 4.0.
Each clause keeps its source file name and CUAD category; the demo appends the citation to every
clause it stores, so the register itself says where the words come from. Party names are the
original ones: the demo's companies are fictional, the language is real.
"""

CUAD_CITATION = "CUAD v1, The Atticus Project (CC BY 4.0)"

# key: (CUAD category, source contract, clause text)
CLAUSES = {
    "exclusive_licence": (
        "License Grant",
        "CytodynInc_20200109_10-Q_EX-10.5_11941634_EX-10.5_License Agreement",
        "CytoDyn hereby grants to Vyera, and Vyera hereby accepts, an exclusive royalty-bearing license "
        "(or sublicense, as the case may be), under the CytoDyn Patents, the CytoDyn Know-How and the "
        "Inventions (if any) solely to Commercialize, use, have used, offer for sale and sell Licensed "
        "Products in the Field in the Territory.",
    ),
    "competitive_products": (
        "Non-Compete",
        "CytodynInc_20200109_10-Q_EX-10.5_11941634_EX-10.5_License Agreement",
        "Except as expressly required under this Agreement, Vyera hereby covenants not to Develop, "
        "Manufacture, Commercialize or otherwise exploit a Competitive Product in the Territory during "
        "the Royalty Term, including by means of an Affiliate.",
    ),
    "mutual_non_compete": (
        "Non-Compete",
        "CoherusBiosciencesInc_20200227_10-K_EX-10.29_12021376_EX-10.29_Development Agreement",
        "During the term of this Agreement, neither Party shall, and shall not permit its Affiliates to, "
        "nor grant any rights to any Third Party to, directly or indirectly, Commercialize, or Develop "
        "any New Product for Commercialization in the Territory, except as permitted in accordance with "
        "this Section 3.4.",
    ),
    "exclusive_even_as_to": (
        "Exclusivity",
        "CoherusBiosciencesInc_20200227_10-K_EX-10.29_12021376_EX-10.29_Development Agreement",
        "Subject to the provisions of this Agreement, Bioeq hereby grants to Licensee an exclusive (even "
        "as to Bioeq), milestone- and royalty-bearing, non-transferable license (including the right to "
        "grant sublicenses only to the extent permitted by Section 2.1.2) under the Licensed Technology "
        "(including the Licensed Patents) to use, sell, have sold, import, have imported or otherwise "
        "Commercialize the Licensed Products in the Field in the Territory.",
    ),
    "renewal": (
        "Renewal Term",
        "CoherusBiosciencesInc_20200227_10-K_EX-10.29_12021376_EX-10.29_Development Agreement",
        "Except as otherwise specified in this Agreement, the Parties' respective rights and obligations "
        "under this Agreement shall commence on the Effective Date and shall remain in full force for ten "
        "(10) years after the First Commercial Sale of the first Licensed Product, and shall thereafter "
        "automatically renew for an unlimited period of time unless otherwise terminated in accordance "
        "with Section 15.2.",
    ),
    "option_period": (
        "Rofr/Rofo/Rofn",
        "ADAPTIMMUNETHERAPEUTICSPLC_04_06_2017-EX-10.11-STRATEGIC ALLIANCE AGREEMENT",
        "Adaptimmune Limited must exercise its option to negotiate a license to any Invention by "
        "notifying MD Anderson in writing within six months' of MD Anderson disclosing such Invention to "
        'Adaptimmune (the "Option Period").',
    ),
    "option_lapse": (
        "Rofr/Rofo/Rofn",
        "ADAPTIMMUNETHERAPEUTICSPLC_04_06_2017-EX-10.11-STRATEGIC ALLIANCE AGREEMENT",
        "If, however, Adaptimmune Limited timely exercises its option, but MD Anderson and Adaptimmune "
        "Limited are unable to agree upon the terms of the license during the Negotiation Period, "
        "Adaptimmune Limited's right to exclusively license such Invention will terminate, and MD "
        "Anderson will be free to enter into a license with any other party (subject to the grant of the "
        "non-exclusive license above).",
    ),
    "first_negotiation": (
        "Rofr/Rofo/Rofn",
        "XENCORINC_10_25_2013-EX-10.24-COLLABORATION AGREEMENT (3)",
        "If BII does not provide written notice of its exercise of the first right to negotiate within "
        "such [...***...] period, XENCOR and any Business Partner shall be free to enter into one or more "
        "agreements with third parties for the manufacture and supply of commercial Product (which may "
        "include an agreement for any Business Partner or its affiliate to manufacture and supply "
        "commercial Product).",
    ),
    "co_development_option": (
        "Rofr/Rofo/Rofn",
        "BIOCEPTINC_08_19_2013-EX-10-COLLABORATION AGREEMENT",
        "Biocept grants to Life Technologies a non-exclusive option, exercisable during the two (2) year "
        "period beginning on the Effective Date, to develop plans, and negotiate with Biocept, for the "
        "co-development with Biocept of such systems for the Assay, employing or based on Biocept "
        "technologies.",
    ),
    "worldwide_exclusive": (
        "Exclusivity",
        "Microgenics Corporation - Collaborative Development and Commercialization Agreement",
        "During the Term, and without limiting Section 4.2, Achaogen hereby grants to Microgenics a "
        "royalty-free, exclusive, worldwide license to use the Achaogen Know-How, Achaogen Patents, and "
        "Achaogen Materials to research, develop, manufacture, use, market and sell the Assay in the "
        "Territory. [***].",
    ),
    "law_new_york": (
        "Governing Law",
        "XENCORINC_10_25_2013-EX-10.24-COLLABORATION AGREEMENT (3)",
        "This Agreement shall be exclusively governed by and construed in accordance with the laws of "
        "the State of New York, USA without regard to its conflict of laws provisions.",
    ),
    "law_delaware": (
        "Governing Law",
        "PhasebioPharmaceuticalsInc_20200330_10-K_EX-10.21_12086810_EX-10.21_Development Agreement",
        "The construction and validity of this Agreement and the provisions hereof, and the rights and "
        "obligations of the Parties hereunder, will be governed by the internal laws of the State of "
        "Delaware, USA, and, to the extent applicable to Patents and Trademarks, the applicable federal "
        "laws of the USA, in each instance without regard to conflict of laws principles.",
    ),
}


def cited(key: str) -> str:
    """The clause text followed by where it comes from."""
    category, source, text = CLAUSES[key]
    return f"{text}\n\n[Clause language: {source}, {CUAD_CITATION}; category {category}.]"
