-- Headless Neovim (0.7 or later) with its built-in LSP client attached to
-- gopls and corefit lsp on one file, as a user's configuration does. Run by
-- TestNeovim; it writes what it saw to $LSP_OUT, one fact per line.
local file, dir, out = os.getenv("LSP_FILE"), os.getenv("LSP_DIR"), os.getenv("LSP_OUT")
local lines = {}
local function say(s) table.insert(lines, s) end
local function finish()
  local f = io.open(out, "w")
  f:write(table.concat(lines, "\n") .. "\n")
  f:close()
  vim.cmd("qall!")
end

vim.cmd("edit " .. file)
local buf = vim.api.nvim_get_current_buf()
local function start(name, cmd)
  local id = vim.lsp.start_client({ name = name, cmd = cmd, root_dir = dir })
  vim.lsp.buf_attach_client(buf, id)
  return id
end
local gopls = start("gopls", { os.getenv("GOPLS") })
local corefit = start("corefit", { os.getenv("COREFIT"), "lsp" })

local function corefitDiags()
  local ds = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "corefit" then table.insert(ds, d) end
  end
  return ds
end

if not vim.wait(180000, function() return #corefitDiags() > 0 end, 100) then
  say("timeout: no corefit diagnostics")
  return finish()
end
for _, d in ipairs(corefitDiags()) do
  local lsp = (d.user_data or {}).lsp or {}
  say(string.format("corefit %s line %d related %d: %s", tostring(lsp.code or d.code), d.lnum + 1,
    #(lsp.relatedInformation or {}), d.message))
end

-- gopls answers beside corefit: hover on the function's name.
local row = 0
for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if l:match("^func ") then row = i - 1 break end
end
local res = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = row, character = 6 },
}, 120000)
if res and res[gopls] and res[gopls].result then
  say("gopls hover ok")
else
  say("gopls hover: " .. vim.inspect(res))
end
if vim.lsp.get_client_by_id(corefit) then say("corefit attached") end

-- A save that removes the blocking call clears corefit's diagnostics.
local text = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local fixed = {}
for _, l in ipairs(text) do
  if not l:match('"net/http"') then
    table.insert(fixed, (l:gsub("http%.Get%(u%)", "_ = len(u)")))
  end
end
vim.api.nvim_buf_set_lines(buf, 0, -1, false, fixed)
vim.cmd("write")
if vim.wait(180000, function() return #corefitDiags() == 0 end, 100) then
  say("cleared on save")
else
  say("not cleared on save")
end
finish()
