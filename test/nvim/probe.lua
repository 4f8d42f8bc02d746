-- Drives Neovim 0.7's built-in LSP client against the reqtrace server, as a user would,
-- and writes what it saw to a JSON file for test/nvim/neovim.test.ts to assert on.
-- Every wait is vim.wait on a condition with a timeout; a step that fails is recorded and the
-- steps after it still run. Started by the test as: nvim --headless -u init.lua -c 'luafile probe.lua'
local t = _G.reqtrace_test
local out = { steps = {}, errors = {} }
local WAIT = t.wait_ms

local function step(name, fn)
  local ok, err = pcall(fn)
  if not ok then table.insert(out.errors, name .. ': ' .. tostring(err)) end
end

local function find(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then return i - 1, col - 1 end
  end
  error('no ' .. needle .. ' in the buffer')
end

local function publishes_of(uri)
  local list = {}
  for _, p in ipairs(_G.reqtrace_published) do
    if p.uri == uri then table.insert(list, p) end
  end
  return list
end

local function last_publish(uri)
  local list = publishes_of(uri)
  return list[#list]
end

local function has_message(diags, pattern)
  for _, d in ipairs(diags or {}) do
    if d.message:find(pattern) then return true end
  end
  return false
end

local source = t.root .. '/src/auth/login.ts'
local spec_uri = vim.uri_from_fname(t.root .. '/docs/requirements.md')
local source_uri = vim.uri_from_fname(source)
local buf

step('attach', function()
  vim.cmd('edit ' .. vim.fn.fnameescape(source))
  buf = vim.api.nvim_get_current_buf()
  local attached = vim.wait(WAIT, function()
    local clients = vim.lsp.buf_get_clients(buf)
    for _, c in pairs(clients) do
      if c.initialized then return true end
    end
    return false
  end, 20)
  local names = {}
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    table.insert(names, { name = c.name, hover = c.server_capabilities.hoverProvider == true, definition = c.server_capabilities.definitionProvider == true })
  end
  out.steps.attach = { attached = attached, clients = names }
end)

step('firstDiagnostics', function()
  -- The first set the server publishes for the file opened at start, and the buffer's diagnostics.
  vim.wait(WAIT, function() return #publishes_of(source_uri) > 0 end, 20)
  local first = publishes_of(source_uri)[1]
  out.steps.firstDiagnostics = first and first.diagnostics or vim.NIL
end)

step('hover', function()
  local line, col = find(buf, '@impl AUTH-001')
  local params = { textDocument = { uri = source_uri }, position = { line = line, character = col + #'@impl ' + 2 } }
  local results = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, WAIT)
  local text = vim.NIL
  for _, r in pairs(results or {}) do
    if r.result and r.result.contents then text = r.result.contents.value or r.result.contents end
  end
  out.steps.hover = text
end)

step('definition', function()
  local line, col = find(buf, 'Implements: AUTH-003')
  local params = { textDocument = { uri = source_uri }, position = { line = line, character = col + #'Implements: ' + 1 } }
  local results = vim.lsp.buf_request_sync(buf, 'textDocument/definition', params, WAIT)
  local loc = vim.NIL
  for _, r in pairs(results or {}) do
    local result = r.result
    if result and result[1] then result = result[1] end
    if result and result.uri then loc = { uri = result.uri, line = result.range.start.line } end
  end
  out.steps.definition = loc
end)

step('lens', function()
  -- The spec's code lens on AUTH-001, run as a user runs it (:lua vim.lsp.codelens.run() on its line): the README's
  -- commands['reqtrace.showReferences'] asks for the references and Neovim lists them in the quickfix list.
  vim.cmd('edit ' .. vim.fn.fnameescape(t.root .. '/docs/requirements.md'))
  local spec = vim.api.nvim_get_current_buf()
  vim.wait(WAIT, function()
    for _, c in pairs(vim.lsp.buf_get_clients(spec)) do
      if c.initialized then return true end
    end
    return false
  end, 20)
  local line = find(spec, '## AUTH-001')
  local title = vim.NIL
  vim.wait(WAIT, function()
    vim.lsp.codelens.refresh()
    vim.wait(200)
    for _, lens in ipairs(vim.lsp.codelens.get(spec)) do
      if lens.range.start.line == line and lens.command then title = lens.command.title end
    end
    return title ~= vim.NIL
  end, 20)
  vim.fn.setqflist({}, 'r')
  vim.api.nvim_win_set_cursor(0, { line + 1, 0 })
  vim.lsp.codelens.run()
  vim.wait(WAIT, function() return #vim.fn.getqflist() > 0 end, 20)
  local items = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    local name = vim.api.nvim_buf_get_name(item.bufnr):sub(#t.root + 2)
    table.insert(items, name .. ':' .. item.lnum)
  end
  table.sort(items)
  out.steps.lens = { title = title, references = items }
  vim.cmd('cclose')
  vim.cmd('edit ' .. vim.fn.fnameescape(source))
end)

step('unsavedEdit', function()
  -- Replace the deprecated AUTH-005 by an unknown ID, without saving.
  local line, col = find(buf, 'Implements: AUTH-005')
  local from = col + #'Implements: '
  vim.api.nvim_buf_set_text(buf, line, from, line, from + #'AUTH-005', { 'AUTH-099' })
  local seen = vim.wait(WAIT, function() return has_message(vim.diagnostic.get(buf), 'AUTH%-099') end, 20)
  local messages = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(messages, d.message) end
  out.steps.unsavedEdit = { seen = seen, messages = messages, modified = vim.api.nvim_buf_get_option(buf, 'modified') }
end)

step('fileWritten', function()
  -- The server watches the workspace itself (Neovim 0.7 cannot register watchers): wait until it says so.
  local watching = vim.wait(WAIT, function()
    for _, l in ipairs(_G.reqtrace_logs) do
      if l:find('^watching %d+ files and folders') then return true end
    end
    return false
  end, 20)
  local before = last_publish(spec_uri)
  local uncovered_before = before ~= nil and has_message(before.diagnostics, 'AUTH%-002 has no test coverage')
  -- A test written from outside the editor, as a terminal or a git pull would.
  vim.fn.writefile({ '// @test AUTH-002', 'export {};' }, t.root .. '/tests/session.test.ts')
  local picked_up = vim.wait(WAIT, function()
    local last = last_publish(spec_uri)
    return last ~= nil and not has_message(last.diagnostics, 'AUTH%-002')
  end, 20)
  out.steps.fileWritten = { watching = watching, uncoveredBefore = uncovered_before, pickedUp = picked_up }
end)

out.logs = _G.reqtrace_logs
vim.fn.writefile({ vim.fn.json_encode(out) }, t.results)
vim.cmd('qa!')
