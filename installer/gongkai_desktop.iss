; Inno Setup script: a per-user installer (no administrator rights needed on office PCs).
; Build dist\gongkai_desktop with PyInstaller first (see README.md in this folder), then:
;   iscc installer\gongkai_desktop.iss
#define AppVersion "0.1.0"

[Setup]
AppId={{7C1E2B0A-5F53-4C9B-9E0B-6A1D3F1B2C41}
AppName=政务公开事项标准目录
AppVersion={#AppVersion}
AppPublisher=gongkai_desktop
DefaultDirName={localappdata}\Programs\gongkai_desktop
DefaultGroupName=政务公开事项标准目录
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=gongkai_desktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\dist\gongkai_desktop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\政务公开事项标准目录"; Filename: "{app}\gongkai-desktop.exe"
Name: "{userdesktop}\政务公开事项标准目录"; Filename: "{app}\gongkai-desktop.exe"

[Run]
Filename: "{app}\gongkai-desktop.exe"; Description: "启动 政务公开事项标准目录"; Flags: nowait postinstall skipifsilent
