; Inno Setup 6 script: the Windows installer of the one-folder bundle dist\LoanDesk\.
; Built by scripts\build-windows.ps1 (ISCC /DAppVersion=x.y.z packaging\windows\loandesk.iss).
; Installs per machine under Program Files, adds Start-menu entries (the application and its
; command line), an optional desktop icon, and an uninstaller. The uninstaller removes only
; what it installed: the database, documents, backups, logs and settings live in the user's
; profile (%LOCALAPPDATA%\LoanDesk, found through platformdirs) and are left in place.
; Written for Windows; not run by CI.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{6F1C2A7E-4B1D-4E0B-9C55-2D7C8A3E91B4}
AppName=LoanDesk
AppVersion={#AppVersion}
AppVerName=LoanDesk {#AppVersion}
AppPublisher=LoanDesk
DefaultDirName={autopf}\LoanDesk
DefaultGroupName=LoanDesk
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=LoanDesk-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\loandesk.ico
UninstallDisplayIcon={app}\LoanDesk.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\LoanDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\LoanDesk"; Filename: "{app}\LoanDesk.exe"; WorkingDir: "{app}"
Name: "{group}\LoanDesk 命令行 (command line)"; Filename: "{cmd}"; Parameters: "/k ""{app}\loandesk-cli.exe"" --help"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,LoanDesk}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\LoanDesk"; Filename: "{app}\LoanDesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\LoanDesk.exe"; Description: "{cm:LaunchProgram,LoanDesk}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entries on purpose: the user's data is not in {app} and stays.
