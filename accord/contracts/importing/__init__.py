"""Reading an imported agreement in the background: the clause reader's suggestions
(`accord.contracts.extraction`), plus readers of obligation due rules and milestone payments
(`readers`), parties matched to known companies (`parties`), and the document with its findings
highlighted (`document`). Nothing here writes: the actions keep what the job found.
"""
