-- stod: what may reach an HTML or Word document made from data and templates.
--
-- pandoc runs with --sandbox, so it reads no file and fetches no URL on its own; this filter
-- makes sure the document does not point at any either. pandoc.py puts a table CHARTS before
-- this text: the file name of each chart stod drew for the document → its data: URI.
--
--  * Images: stod's own charts (given as data: URIs) and images that are data: URIs of
--    PNG, JPEG or GIF; any other image becomes its description.
--  * Links: only http:, https:, mailto: and #places in the document itself; any other link
--    becomes its text.
--  * Attributes: ids and classes stay (the built-in templates mark missing prose with a
--    class); other attributes ({onclick=…}, {style=…}) are dropped.

local LINK_SCHEMES = { http = true, https = true, mailto = true }

local function scheme(target)
  local found = target:match("^([%a][%w+.-]*):")
  return found and found:lower() or nil
end

local function safe_link(target)
  if target:sub(1, 1) == "#" then
    return true
  end
  local s = scheme(target)
  return s ~= nil and LINK_SCHEMES[s] == true
end

local function safe_image(src)
  return src:match("^data:image/png;base64,[%w+/=]*$") ~= nil
    or src:match("^data:image/jpeg;base64,[%w+/=]*$") ~= nil
    or src:match("^data:image/gif;base64,[%w+/=]*$") ~= nil
end

local function drop_attributes(el)
  el.attributes = {}
  return el
end

local function link(el)
  if not safe_link(el.target) then
    return el.content
  end
  return drop_attributes(el)
end

local function image(el)
  local chart = CHARTS[el.src]
  if chart ~= nil then
    el.src = chart
  elseif not safe_image(el.src) then
    return el.caption
  end
  return drop_attributes(el)
end

return {
  {
    Span = drop_attributes,
    Div = drop_attributes,
    Header = drop_attributes,
    Code = drop_attributes,
    CodeBlock = drop_attributes,
    Table = drop_attributes,
    Figure = drop_attributes,
    Link = link,
    Image = image,
  },
}
