; HallDesk for Windows: Inno Setup 6 script over the PyInstaller bundle of installer/halldesk.spec
; (the same spec as the Linux build). Built on Windows; see installer/README.md:
;
;   pyinstaller --noconfirm --distpath dist\pyinstaller-dist --workpath dist\pyinstaller-work installer\halldesk.spec
;   ISCC.exe /DAppVersion=0.1.0 installer\windows\halldesk.iss
;
; What it does:
; - installs for all users into Program Files (administrator rights);
; - a Start-menu shortcut for each role: window, kiosk, board, manager, rating pad, and a self-test;
; - this PC's settings C:\ProgramData\HallDesk\halldesk.toml (role, window number, data folder),
;   written only when absent; C:\ProgramData\HallDesk\data holds the SQLite file, writable by
;   every user of the PC;
; - the chosen role starts when anyone logs in (a shortcut in the common Startup folder);
; - uninstalling removes the program and its shortcuts and keeps C:\ProgramData\HallDesk (the
;   settings and the database); a later install carries on with them.
; Unattended: setup.exe /VERYSILENT /ROLE=kiosk [/COUNTER=5] [/FULLSCREEN]
; (ROLE: window, kiosk, board, manager, rating or none).
;
; This file is UTF-8 with a byte-order mark (Inno Setup reads the Chinese text correctly then).

#ifndef AppVersion
  #error Pass the version: ISCC.exe /DAppVersion=0.1.0 (what halldesk-console.exe --version prints)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\pyinstaller-dist\halldesk"
#endif
#define HasChinese FileExists(CompilerPath + "Languages\ChineseSimplified.isl")

[Setup]
AppId={{6E1D3B52-6C2B-4C4E-9F0A-5A7D2E11B8C4}
AppName=HallDesk
AppVersion={#AppVersion}
AppVerName=HallDesk {#AppVersion}
AppPublisher=HallDesk
DefaultDirName={autopf}\HallDesk
DefaultGroupName=HallDesk
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=halldesk-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\halldesk.exe
UninstallDisplayName=HallDesk {#AppVersion}
; A running HallDesk is ended before its files are replaced. "force": the kiosk and the board
; refuse a polite close (only a manager may close them), so Restart Manager must end them.
CloseApplications=force
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
#if HasChinese
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
en.RoleTitle=What is this PC?
en.RoleSubtitle=The role HallDesk starts in when someone logs in to Windows.
en.RoleNone=Do not start at login
en.RoleWindow=A clerk's window
en.RoleKiosk=The ticket kiosk (full screen)
en.RoleBoard=The hall display board with voice (full screen)
en.RoleManager=The hall manager's desk
en.RoleRating=A rating pad of one window
en.CounterTitle=Window number
en.CounterSubtitle=The window this PC (or rating pad) belongs to.
en.CounterPrompt=Window number (1-999):
en.CounterInvalid=Please enter the window number, a number from 1 to 999 (for example 5).
en.ShortcutWindow=HallDesk Window
en.ShortcutKiosk=HallDesk Kiosk
en.ShortcutBoard=HallDesk Hall board
en.ShortcutManager=HallDesk Manager
en.ShortcutRating=HallDesk Rating pad
en.ShortcutSelfTest=HallDesk Self-test
en.StartNow=Start HallDesk now
#if HasChinese
chs.RoleTitle=这台电脑的用途
chs.RoleSubtitle=有人登录 Windows 时，HallDesk 以哪种角色启动。
chs.RoleNone=登录时不自动启动
chs.RoleWindow=窗口工作人员的电脑
chs.RoleKiosk=自助取号机（全屏）
chs.RoleBoard=大厅叫号大屏和语音播报（全屏）
chs.RoleManager=大厅管理员的电脑
chs.RoleRating=某个窗口的评价器
chs.CounterTitle=窗口号
chs.CounterSubtitle=这台电脑（或评价器）所属的窗口。
chs.CounterPrompt=窗口号（1-999）：
chs.CounterInvalid=请输入窗口号，1 到 999 之间的数字（例如 5）。
chs.ShortcutWindow=HallDesk 窗口
chs.ShortcutKiosk=HallDesk 取号机
chs.ShortcutBoard=HallDesk 叫号大屏
chs.ShortcutManager=HallDesk 大厅管理
chs.ShortcutRating=HallDesk 评价器
chs.ShortcutSelfTest=HallDesk 自检
chs.StartNow=现在启动 HallDesk
#endif

[InstallDelete]
; The old version's Python and Qt files go first, so no stale module outlives an upgrade.
Type: filesandordirs; Name: "{app}\_internal"

[Dirs]
Name: "{commonappdata}\HallDesk"; Permissions: users-modify; Flags: uninsneveruninstall
Name: "{commonappdata}\HallDesk\data"; Permissions: users-modify; Flags: uninsneveruninstall

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\CHANGELOG.md"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\README.md"; DestDir: "{app}"; DestName: "README.txt"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\HallDesk\{cm:ShortcutWindow}"; Filename: "{app}\halldesk.exe"; Parameters: "--role window"; WorkingDir: "{app}"
Name: "{autoprograms}\HallDesk\{cm:ShortcutKiosk}"; Filename: "{app}\halldesk.exe"; Parameters: "--role kiosk"; WorkingDir: "{app}"
Name: "{autoprograms}\HallDesk\{cm:ShortcutBoard}"; Filename: "{app}\halldesk.exe"; Parameters: "--role board"; WorkingDir: "{app}"
Name: "{autoprograms}\HallDesk\{cm:ShortcutManager}"; Filename: "{app}\halldesk.exe"; Parameters: "--role manager"; WorkingDir: "{app}"
Name: "{autoprograms}\HallDesk\{cm:ShortcutRating}"; Filename: "{app}\halldesk.exe"; Parameters: "--role rating"; WorkingDir: "{app}"
Name: "{autoprograms}\HallDesk\{cm:ShortcutSelfTest}"; Filename: "{cmd}"; Parameters: "/k ""{app}\halldesk-console.exe"" --self-test"; WorkingDir: "{app}"
; Start at login, for every user of the PC, in the chosen role.
Name: "{commonstartup}\HallDesk"; Filename: "{app}\halldesk.exe"; Parameters: "{code:RoleArguments}"; WorkingDir: "{app}"; Check: StartsAtLogin

[Run]
Filename: "{app}\halldesk.exe"; Parameters: "{code:RoleArguments}"; Description: "{cm:StartNow}"; Flags: nowait postinstall skipifsilent runasoriginaluser; Check: StartsAtLogin

[Code]
const
  ROLES = 'none,window,kiosk,board,manager,rating';

var
  RolePage: TInputOptionWizardPage;
  CounterPage: TInputQueryWizardPage;

function RoleAt(Index: Integer): String;
var
  Rest: String;
  I, P: Integer;
begin
  Rest := ROLES + ',';
  for I := 0 to Index do
  begin
    P := Pos(',', Rest);
    Result := Copy(Rest, 1, P - 1);
    Rest := Copy(Rest, P + 1, Length(Rest));
  end;
end;

function RoleIndex(Role: String): Integer;
var
  I: Integer;
begin
  Result := -1;
  for I := 0 to 5 do
    if CompareText(RoleAt(I), Role) = 0 then
      Result := I;
end;

function ChosenRole: String;
begin
  Result := RoleAt(RolePage.SelectedValueIndex);
end;

function NeedsCounter: Boolean;
begin
  Result := (ChosenRole = 'window') or (ChosenRole = 'rating');
end;

function StartsAtLogin: Boolean;
begin
  Result := ChosenRole <> 'none';
end;

function RoleArguments(Param: String): String;
begin
  Result := '--role ' + ChosenRole;
  if NeedsCounter and (Trim(CounterPage.Values[0]) <> '') then
    Result := Result + ' --counter ' + Trim(CounterPage.Values[0]);
  if ExpandConstant('{param:FULLSCREEN|no}') <> 'no' then
    Result := Result + ' --fullscreen';
end;

procedure InitializeWizard;
var
  Preset: Integer;
begin
  RolePage := CreateInputOptionPage(wpSelectDir, CustomMessage('RoleTitle'),
    CustomMessage('RoleSubtitle'), '', True, False);
  RolePage.Add(CustomMessage('RoleNone'));
  RolePage.Add(CustomMessage('RoleWindow'));
  RolePage.Add(CustomMessage('RoleKiosk'));
  RolePage.Add(CustomMessage('RoleBoard'));
  RolePage.Add(CustomMessage('RoleManager'));
  RolePage.Add(CustomMessage('RoleRating'));
  { /ROLE=kiosk on the command line, else what this PC had last time, else a clerk's window }
  Preset := RoleIndex(ExpandConstant('{param:ROLE|}'));
  if Preset < 0 then
    Preset := RoleIndex(GetPreviousData('Role', 'window'));
  if Preset < 0 then
    Preset := 1;
  RolePage.SelectedValueIndex := Preset;

  CounterPage := CreateInputQueryPage(RolePage.ID, CustomMessage('CounterTitle'),
    CustomMessage('CounterSubtitle'), '');
  CounterPage.Add(CustomMessage('CounterPrompt'), False);
  CounterPage.Values[0] := ExpandConstant('{param:COUNTER|' + GetPreviousData('Counter', '') + '}');
end;

procedure RegisterPreviousData(PreviousDataKey: Integer);
begin
  SetPreviousData(PreviousDataKey, 'Role', ChosenRole);
  SetPreviousData(PreviousDataKey, 'Counter', Trim(CounterPage.Values[0]));
end;

function ShouldSkipPage(PageID: Integer): Boolean;
begin
  Result := (PageID = CounterPage.ID) and not NeedsCounter;
end;

function ValidCounter(Text: String): Boolean;
var
  N: Integer;
begin
  N := StrToIntDef(Trim(Text), 0);
  Result := (N >= 1) and (N <= 999);
end;

function NextButtonClick(CurPageID: Integer): Boolean;
begin
  Result := True;
  if (CurPageID = CounterPage.ID) and NeedsCounter and not ValidCounter(CounterPage.Values[0]) then
  begin
    MsgBox(CustomMessage('CounterInvalid'), mbError, MB_OK);
    Result := False;
  end;
end;

function TomlPath(Path: String): String;
begin
  { TOML strings: forward slashes need no escaping and Windows accepts them }
  Result := Path;
  StringChangeEx(Result, '\', '/', True);
end;

procedure WriteMachineSettings;
var
  FileName, Text: String;
begin
  FileName := ExpandConstant('{commonappdata}\HallDesk\halldesk.toml');
  if FileExists(FileName) then
  begin
    Log('Kept this PC''s settings: ' + FileName);
    Exit;
  end;
  Text :=
    '# HallDesk settings of this PC (read when the user has no %LOCALAPPDATA%\HallDesk\halldesk.toml).' + #13#10 +
    '# Written by the installer, kept by uninstall and upgrades. Every key: README.txt beside halldesk.exe.' + #13#10 +
    #13#10 +
    'data_dir = "' + TomlPath(ExpandConstant('{commonappdata}\HallDesk\data')) + '"   # SQLite file and its pre-upgrade copies' + #13#10 +
    #13#10 +
    '[database]' + #13#10 +
    '# url = "postgresql+psycopg://halldesk:secret@10.0.0.5:5432/halldesk"   # several PCs: one server' + #13#10 +
    #13#10 +
    '[station]' + #13#10;
  if ChosenRole = 'none' then
    Text := Text + '# role = "window"   # desk | window | kiosk | board | manager | rating' + #13#10
  else
    Text := Text + 'role = "' + ChosenRole + '"' + #13#10;
  if NeedsCounter and ValidCounter(CounterPage.Values[0]) then
    Text := Text + 'counter_number = ' + Trim(CounterPage.Values[0]) + #13#10
  else
    Text := Text + '# counter_number = 5' + #13#10;
  { UTF-8 without BOM, as HallDesk reads it }
  if not SaveStringToFile(FileName, Text, False) then
    Log('Could not write ' + FileName);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteMachineSettings;
end;
