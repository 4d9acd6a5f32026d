# Builds LoanDesk for Windows 10/11: the one-folder bundle dist\LoanDesk\ (PyInstaller, the
# same packaging\loandesk.spec as `make dist`) and, when Inno Setup 6 is installed, the
# installer dist\LoanDesk-Setup-<version>.exe (packaging\windows\loandesk.iss).
#
#   powershell -ExecutionPolicy Bypass -File scripts\build-windows.ps1 [-Python py] [-NoInstaller]
#
# Needs Python 3.11+ (python.org or `winget install Python.Python.3.11`) and, for the
# installer, Inno Setup 6 (`winget install JRSoftware.InnoSetup`). Written for Windows; not
# run by CI (CI builds and checks the Linux bundle with the same spec).
param(
    [string]$Python = "py",
    [switch]$NoInstaller
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

function Run([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "$exe $($arguments -join ' ') failed ($LASTEXITCODE)" }
}

# A build venv of its own: the runtime dependencies, PyInstaller, and PostgreSQL support.
if (-not (Test-Path ".venv-win\Scripts\python.exe")) {
    if ($Python -eq "py") { Run "py" @("-3.11", "-m", "venv", ".venv-win") }
    else { Run $Python @("-m", "venv", ".venv-win") }
}
$py = ".venv-win\Scripts\python.exe"
Run $py @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
Run $py @("-m", "pip", "install", "--quiet", "-e", ".[postgres]", "pyinstaller>=6.10")

# The Chinese catalogue (the same step as `make translations`).
Run ".venv-win\Scripts\pyside6-lrelease.exe" @("-silent",
    "resources\translations\loandesk_zh_CN.ts", "-qm", "resources\translations\loandesk_zh_CN.qm")

Run ".venv-win\Scripts\pyinstaller.exe" @("--noconfirm", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller", "packaging\loandesk.spec")

# A first check of the bundle, as on Linux: the version, a database, a form.
$cli = "dist\LoanDesk\loandesk-cli.exe"
Run $cli @("--version")
$check = Join-Path $env:TEMP ("loandesk-check-" + [guid]::NewGuid())
New-Item -ItemType Directory $check | Out-Null
$env:LOANDESK_DB = "sqlite:///$check\loandesk.sqlite3"
$env:LOANDESK_PASSWORD = "build-check-pw"
Run $cli @("init")
Run $cli @("demo", "--cases", "2")
Run $cli @("form", "list")
Remove-Item Env:LOANDESK_DB, Env:LOANDESK_PASSWORD
Remove-Item -Recurse -Force $check

if ($NoInstaller) { exit 0 }
$iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
          "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } |
        Select-Object -First 1
if (-not $iscc) {
    Write-Warning "Inno Setup 6 not found: the bundle is in dist\LoanDesk, no installer made"
    exit 0
}
$version = (& $py -c "from importlib.metadata import version; print(version('loandesk'))").Trim()
Run $iscc @("/Qp", "/DAppVersion=$version", "packaging\windows\loandesk.iss")
Write-Host "Installer: dist\LoanDesk-Setup-$version.exe"
