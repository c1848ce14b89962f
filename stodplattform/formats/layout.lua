-- stod: how tables and dates are laid out in the HTML and Word documents.
--
-- Runs after sakerhet.lua (which decides what may reach a document); this filter only
-- measures and marks. pandoc.py puts the table LAYOUT before this text:
--   LAYOUT = { text_width = <twips>, font_pt = <table text size in points> }
--
--  * Word: the width of each table column comes from its content, not from the dashes of the
--    Markdown table. A column of dates, amounts and short numbers (every cell short, or every
--    cell with a digit in it) is as wide as its longest cell and never breaks; a text column
--    is at least as wide as its longest word and shares the rest of the page with the other
--    text columns. Text is measured with the advance widths of Calibri (taken from Carlito,
--    which has the same metrics), regular and bold, in thousandths of an em.
--  * HTML: the browser lays the columns out from their content; the widths are taken away.
--    Dates get the class "datum" (stil.css: never broken), tables of a few rows "kort" (kept
--    on one page when printed).

local CELL_PADDING = 2 * 85 + 60 -- twips: the table style's cell margins and a little air
local SHORT_CELL = 12 -- characters: a column whose cells are all this short never breaks
local NUMBER_CELL = 24 -- characters: a column of numbers up to this long never breaks
local SHORT_TABLE = 15 -- rows: a table this short is kept on one printed page (HTML)
local UNKNOWN = { 620, 640 } -- a character not in WIDTHS: as wide as most capitals

local DATE = "^%d%d%d%d%-%d%d%-%d%d$"

-- Calibri's advance widths, regular and bold, in 1/1000 em (a non-breaking space is a space).
local WIDTHS = {
  [" "] = { 226, 226 }, ["!"] = { 326, 326 }, ["\""] = { 401, 438 }, ["#"] = { 498, 498 },
  ["$"] = { 507, 507 }, ["%"] = { 715, 729 }, ["&"] = { 682, 705 }, ["'"] = { 221, 233 },
  ["("] = { 303, 312 }, [")"] = { 303, 312 }, ["*"] = { 498, 498 }, ["+"] = { 498, 498 },
  [","] = { 250, 258 }, ["-"] = { 306, 306 }, ["."] = { 252, 267 }, ["/"] = { 386, 430 },
  ["0"] = { 507, 507 }, ["1"] = { 507, 507 }, ["2"] = { 507, 507 }, ["3"] = { 507, 507 },
  ["4"] = { 507, 507 }, ["5"] = { 507, 507 }, ["6"] = { 507, 507 }, ["7"] = { 507, 507 },
  ["8"] = { 507, 507 }, ["9"] = { 507, 507 }, [":"] = { 268, 276 }, [";"] = { 268, 276 },
  ["<"] = { 498, 498 }, ["="] = { 498, 498 }, [">"] = { 498, 498 }, ["?"] = { 463, 463 },
  ["@"] = { 894, 898 }, ["A"] = { 579, 606 }, ["B"] = { 544, 561 }, ["C"] = { 533, 529 },
  ["D"] = { 615, 630 }, ["E"] = { 488, 488 }, ["F"] = { 459, 459 }, ["G"] = { 631, 637 },
  ["H"] = { 623, 631 }, ["I"] = { 252, 267 }, ["J"] = { 319, 331 }, ["K"] = { 520, 547 },
  ["L"] = { 420, 423 }, ["M"] = { 855, 874 }, ["N"] = { 646, 659 }, ["O"] = { 662, 676 },
  ["P"] = { 517, 532 }, ["Q"] = { 673, 686 }, ["R"] = { 543, 563 }, ["S"] = { 459, 473 },
  ["T"] = { 487, 495 }, ["U"] = { 642, 653 }, ["V"] = { 567, 591 }, ["W"] = { 890, 906 },
  ["X"] = { 519, 551 }, ["Y"] = { 487, 520 }, ["Z"] = { 468, 478 }, ["["] = { 307, 325 },
  ["\\"] = { 386, 430 }, ["]"] = { 307, 325 }, ["^"] = { 498, 498 }, ["_"] = { 498, 498 },
  ["`"] = { 291, 300 }, ["a"] = { 479, 494 }, ["b"] = { 525, 537 }, ["c"] = { 423, 418 },
  ["d"] = { 525, 537 }, ["e"] = { 498, 503 }, ["f"] = { 305, 316 }, ["g"] = { 471, 474 },
  ["h"] = { 525, 537 }, ["i"] = { 229, 246 }, ["j"] = { 239, 255 }, ["k"] = { 455, 480 },
  ["l"] = { 229, 246 }, ["m"] = { 799, 813 }, ["n"] = { 525, 537 }, ["o"] = { 527, 538 },
  ["p"] = { 525, 537 }, ["q"] = { 525, 537 }, ["r"] = { 349, 355 }, ["s"] = { 391, 399 },
  ["t"] = { 335, 347 }, ["u"] = { 525, 537 }, ["v"] = { 452, 473 }, ["w"] = { 715, 745 },
  ["x"] = { 433, 459 }, ["y"] = { 453, 474 }, ["z"] = { 395, 397 }, ["{"] = { 314, 344 },
  ["|"] = { 460, 475 }, ["}"] = { 314, 344 }, ["~"] = { 498, 498 }, ["å"] = { 479, 494 },
  ["ä"] = { 479, 494 }, ["ö"] = { 527, 538 }, ["Å"] = { 579, 606 }, ["Ä"] = { 579, 606 },
  ["Ö"] = { 662, 676 }, ["é"] = { 498, 503 }, ["É"] = { 488, 488 }, ["ü"] = { 525, 537 },
  ["Ü"] = { 642, 653 }, ["–"] = { 498, 498 }, ["−"] = { 498, 498 }, ["±"] = { 498, 498 },
  ["§"] = { 498, 498 }, ["€"] = { 507, 507 }, ["×"] = { 498, 498 }, ["…"] = { 690, 711 },
  ["’"] = { 250, 258 }, ["”"] = { 418, 435 }, ["“"] = { 418, 435 }, ["\u{A0}"] = { 226, 226 },
}

local function chars(text)
  return utf8.len(text) or #text
end

-- Width in 1/1000 em of `text`, in bold or not.
local function width(text, bold)
  local total = 0
  for _, code in utf8.codes(text) do
    total = total + (WIDTHS[utf8.char(code)] or UNKNOWN)[bold and 2 or 1]
  end
  return total
end

-- The widest run of characters a line may not break in: spaces break, non-breaking spaces
-- and hyphens do not (a date must not break at its hyphens).
local function widest_token(text, bold)
  local widest = 0
  for token in text:gmatch("[^ \t\r\n]+") do
    widest = math.max(widest, width(token, bold))
  end
  return widest
end

local function cell_texts(rows, into)
  for _, row in ipairs(rows) do
    local column = 1
    for _, cell in ipairs(row.cells) do
      into[column] = into[column] or {}
      local bold = false
      pandoc.Div(cell.contents):walk({ Strong = function() bold = true end })
      table.insert(into[column], { text = pandoc.utils.stringify(cell.contents), bold = bold })
      column = column + (cell.col_span or 1)
    end
  end
end

-- Per column: the header's texts and the body's texts.
local function columns(tbl)
  local head, body = {}, {}
  cell_texts(tbl.head.rows, head)
  for _, b in ipairs(tbl.bodies) do
    cell_texts(b.head, body)
    cell_texts(b.body, body)
  end
  cell_texts(tbl.foot.rows, body)
  return head, body
end

-- Per column, in 1/1000 em: `min` its widest unbreakable token (a fixed column: its widest
-- cell), `max` its widest cell; `fixed` whether it never breaks.
local function measure(head, body, n)
  local result = {}
  for i = 1, n do
    local min, max, body_max, number_like, short = 0, 0, 0, true, true
    for _, cell in ipairs(head[i] or {}) do
      min = math.max(min, widest_token(cell.text, cell.bold))
      max = math.max(max, width(cell.text, cell.bold))
    end
    for _, cell in ipairs(body[i] or {}) do
      local length = chars(cell.text)
      min = math.max(min, widest_token(cell.text, cell.bold))
      body_max = math.max(body_max, width(cell.text, cell.bold))
      if length > SHORT_CELL then
        short = false
      end
      if length > NUMBER_CELL or (length > 0 and not cell.text:find("%d") and cell.text ~= "–") then
        number_like = false
      end
    end
    local fixed = short or number_like
    if fixed then -- never broken: as wide as its widest cell (the header may wrap)
      min = math.max(min, body_max)
    end
    result[i] = { min = min, max = math.max(max, body_max, min), fixed = fixed }
  end
  return result
end

-- Widths in twips that add up to `available`: every column its widest cell if they all fit
-- (text columns share what is left over); otherwise every column its minimum and the rest
-- shared by how much more each would take; if not even the minimums fit, the text columns
-- give way first.
local function column_widths(cols, available, unit)
  local function twips(n)
    return n * unit + CELL_PADDING
  end
  local w, min_sum, max_sum, fixed_sum = {}, 0, 0, 0
  for i, c in ipairs(cols) do
    w[i] = twips(c.min)
    min_sum = min_sum + w[i]
    max_sum = max_sum + twips(c.max)
    if c.fixed then
      fixed_sum = fixed_sum + w[i]
    end
  end
  if min_sum > available then
    local text_space, text_sum = available - fixed_sum, min_sum - fixed_sum
    for i, c in ipairs(cols) do
      if text_space > 0 and text_sum > 0 then
        w[i] = c.fixed and w[i] or w[i] * text_space / text_sum
      else
        w[i] = w[i] * available / min_sum
      end
    end
    return w
  end
  if max_sum <= available then
    local takers, weight = {}, 0
    for i, c in ipairs(cols) do
      w[i] = twips(c.max)
      if not c.fixed then
        takers[i] = w[i]
        weight = weight + w[i]
      end
    end
    if weight == 0 then -- only fixed columns: they share the rest by their width
      for i = 1, #cols do
        takers[i] = w[i]
        weight = weight + w[i]
      end
    end
    for i, share in pairs(takers) do
      w[i] = w[i] + (available - max_sum) * share / weight
    end
    return w
  end
  for i, c in ipairs(cols) do
    w[i] = w[i] + (available - min_sum) * (c.max - c.min) * unit / (max_sum - min_sum)
  end
  return w
end

local function docx_table(tbl)
  local n = #tbl.colspecs
  local head, body = columns(tbl)
  local unit = LAYOUT.font_pt * 20 / 1000 -- twips per 1/1000 em
  local w = column_widths(measure(head, body, n), LAYOUT.text_width, unit)
  local total = 0
  for i = 1, n do
    total = total + w[i]
  end
  for i = 1, n do
    tbl.colspecs[i] = { tbl.colspecs[i][1], w[i] / total }
  end
  return tbl
end

local function row_count(tbl)
  local count = #tbl.head.rows + #tbl.foot.rows
  for _, b in ipairs(tbl.bodies) do
    count = count + #b.head + #b.body
  end
  return count
end

local function html_table(tbl)
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], pandoc.ColWidthDefault }
  end
  if row_count(tbl) <= SHORT_TABLE then
    tbl.classes:insert("kort")
  end
  return tbl
end

local function html_date(el)
  if el.text:match(DATE) then
    return pandoc.Span({ el }, { class = "datum" })
  end
end

-- Word: text the built-in templates mark as missing ([…]{.stod-saknas}: a text or a comment
-- to write) in the character style "Saknas" (referens.docx: bold on yellow), so that a draft
-- with a gap stands out on the page as it does in the HTML.
local function docx_missing(el)
  if el.classes:includes("stod-saknas") then
    el.attributes["custom-style"] = "Saknas"
  end
  return el
end

if FORMAT:match("docx") then
  return { { Table = docx_table, Span = docx_missing } }
end
return { { Table = html_table, Str = html_date } }
