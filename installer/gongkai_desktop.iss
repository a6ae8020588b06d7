; Inno Setup 6 script: a per-user installer for Windows (no administrator rights needed on an office PC).
; Build it with installer\build_windows.py, which freezes the program with PyInstaller first and
; passes the one version (gongkai_desktop\__init__.py):
;   iscc /DAppVersion=0.1.0 /DNumericVersion=0.1.0.0 installer\gongkai_desktop.iss
; The workspace (every catalog, the keys) lives in %LOCALAPPDATA%\gongkai_desktop, never in the
; program folder: installing a newer version, repairing or uninstalling leaves it as it is, and the
; newer version migrates it when it first opens it.

#ifndef AppVersion
  #error 请用 installer\build_windows.py 构建：它从 gongkai_desktop\__init__.py 传入版本号（/DAppVersion=…）。
#endif
#ifndef NumericVersion
  #define NumericVersion AppVersion
#endif
#define AppName "政务公开事项标准目录"
#define AppExe "gongkai-desktop.exe"
#define ProgId "GongkaiDesktop.gkpkg"

[Setup]
AppId={{7C1E2B0A-5F53-4C9B-9E0B-6A1D3F1B2C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=gongkai_desktop
VersionInfoVersion={#NumericVersion}
VersionInfoProductVersion={#NumericVersion}
VersionInfoDescription={#AppName} 安装程序
; per user: the program under %LOCALAPPDATA%\Programs, registry entries under HKCU, no UAC prompt
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\gongkai_desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\resources\icons\gongkai-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
ChangesAssociations=yes
CloseApplications=yes
OutputDir=..\dist
OutputBaseFilename=gongkai-desktop-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面上创建快捷方式"; GroupDescription: "快捷方式："

[InstallDelete]
; a newer build replaces the whole program folder's library part (PyInstaller's _internal), so no
; file of the older version is left behind; the workspace is elsewhere and untouched
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\gongkai_desktop\gongkai-desktop.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\dist\gongkai_desktop\gongkai.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\dist\gongkai_desktop\_internal\*"; DestDir: "{app}\_internal"; Flags: recursesubdirs createallsubdirs ignoreversion
Source: "..\CHANGELOG.md"; DestDir: "{app}"; DestName: "更新记录.md"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "编制、报送、审核政务公开事项标准目录"
Name: "{group}\卸载 {#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; the .gkpkg file association, for this user only (HKCU\Software\Classes): a double-click runs
; gongkai-desktop.exe "FILE", which opens the package in the window
Root: HKCU; Subkey: "Software\Classes\.gkpkg"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.gkpkg"; ValueType: string; ValueName: "Content Type"; ValueData: "application/vnd.gongkai.gkpkg+zip"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.gkpkg\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "政务公开文件包"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".gkpkg"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动 {#AppName}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only what it installed. The workspace in
; %LOCALAPPDATA%\gongkai_desktop and the window settings (HKCU\Software\gongkai\gongkai_desktop)
; stay, so reinstalling finds every catalog again.
