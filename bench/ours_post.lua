-- wrk script: post a guest's comment to our forum per request, as the browser's form
-- does (application/x-www-form-urlencoded, the form's CSRF token and signed shown-at
-- time, the session cookie the page set). Body 200-600 chars of markdown-ish text as
-- in the kit's isso_post.lua; ~30% new comments, else a reply to a random id in
-- [lo, hi] (the write target's seeded comments). Success is 303 See Other.
-- usage: wrk ... -s ours_post.lua URL -- CSRF SHOWN_AT COOKIE LO HI
-- (bench/form_fields.py prints CSRF SHOWN_AT COOKIE for a proposition page)
local words = {"proposition","community","budget","park","library","bike","lane",
  "street","lighting","school","garden","council","vote","amendment","meeting",
  "volunteer","recycling","bus","route","playground","funding","proposal",
  "support","concern","evidence","survey","residents","market","noise","safety"}
local csrf, shown_at, cookie, lo, hi

function init(args)
  csrf, shown_at, cookie = args[1], args[2], args[3]
  lo = tonumber(args[4]); hi = tonumber(args[5])
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
end

local function sentence()
  local t = {}
  for i = 1, math.random(6, 16) do t[#t + 1] = words[math.random(#words)] end
  local r = math.random()
  if r < 0.2 then t[1] = "**" .. t[1] .. "**" elseif r < 0.4 then t[2] = "*" .. t[2] .. "*" end
  return table.concat(t, " ") .. "."
end

local function text()
  local target, s = math.random(200, 600), ""
  while #s < target do
    if #s > 0 and math.random() < 0.2 then s = s .. "\n\n" else s = s .. " " end
    s = s .. sentence()
  end
  return s:sub(1, 600)
end

local function enc(s)
  return (tostring(s):gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function request()
  local parent = ""
  if lo and hi and math.random() >= 0.3 then parent = tostring(math.random(lo, hi)) end
  local n = math.random(1, 50)
  local body = table.concat({
    "csrf_token=" .. enc(csrf),
    "shown_at=" .. enc(shown_at),
    "reference=",
    "name=wrk" .. n,
    "email=" .. enc("wrk" .. n .. "@example.org"),
    "website=",
    "body=" .. enc(text()),
    "parent_id=" .. parent,
  }, "&")
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end
