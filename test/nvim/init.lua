-- The Neovim 0.7 configuration of the README's "Other editors" section, as the test runs it:
-- _G.reqtrace_test (server path, workspace root, results file) is set by the line the test
-- puts before this file. It also records every publishDiagnostics and log message.
local t = _G.reqtrace_test

_G.reqtrace_published = {}
_G.reqtrace_logs = {}

local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  local diags = {}
  for _, d in ipairs(result.diagnostics) do
    table.insert(diags, { code = d.code, message = d.message, line = d.range.start.line, character = d.range.start.character })
  end
  table.insert(_G.reqtrace_published, { uri = result.uri, diagnostics = diags })
  return publish(err, result, ctx, config)
end
vim.lsp.handlers['window/logMessage'] = function(_, result)
  table.insert(_G.reqtrace_logs, result.message)
end

-- From here on, the README's configuration, with cmd from the test.
local reqtrace_clients = {}
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'yaml', 'typescript', 'javascript', 'python', 'go', 'rust', 'c', 'cpp', 'java' },
  callback = function(args)
    local config = vim.fn.findfile('reqtrace.yaml', vim.fn.fnamemodify(args.file, ':p:h') .. ';')
    if config == '' then return end
    local root = vim.fn.fnamemodify(config, ':p:h')
    reqtrace_clients[root] = reqtrace_clients[root] or vim.lsp.start_client({
      name = 'reqtrace',
      cmd = t.cmd,
      root_dir = root,
      init_options = {
        cacheDir = vim.fn.stdpath('cache') .. '/reqtrace',
        reqtrace = { inlayHints = true, codeLens = true },
      },
      commands = {
        -- What the code lens on a requirement runs: its references, in the quickfix list.
        ['reqtrace.showReferences'] = function(command, ctx)
          local uri, position = command.arguments[1], command.arguments[2]
          vim.lsp.buf_request(ctx.bufnr, 'textDocument/references',
            { textDocument = { uri = uri }, position = position, context = { includeDeclaration = false } })
        end,
      },
    })
    vim.lsp.buf_attach_client(args.buf, reqtrace_clients[root])
  end,
})
