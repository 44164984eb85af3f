@echo off
rem Update the ITA Dashboard: drag the new bundle (.zip) onto this file, or run update.bat NEW.zip.
rem data\store\ (the data and its backups), settings.env and .streamlit\secrets.toml are never
rem touched; scripts\launch.py backs the store up first. Same steps as update.sh on Linux.
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "PYTHONUTF8=1"
if "%~1"=="" goto :no_bundle
set "KPI_PY="
for %%V in (3.13 3.12 3.11) do if not defined KPI_PY py -%%V -c "import sys" >nul 2>&1 && set "KPI_PY=py -%%V"
if not defined KPI_PY python -c "import sys; sys.exit(0 if '%%d.%%d' %% sys.version_info[:2] in ('3.11', '3.12', '3.13') else 1)" >nul 2>&1 && set "KPI_PY=python"
if not defined KPI_PY goto :no_python
rem One line: this file may itself be replaced by the update, so cmd must not read further after it.
%KPI_PY% "%~dp0scripts\launch.py" update "%~1" & pause & exit /b
:no_bundle
echo ลากไฟล์ชุดติดตั้งรุ่นใหม่ (.zip) มาวางบนไฟล์ update.bat นี้ หรือพิมพ์ update.bat ชื่อไฟล์.zip
pause
exit /b 1
:no_python
echo ไม่พบ Python รุ่น 3.11, 3.12 หรือ 3.13 บนเครื่องนี้: ดาวน์โหลดได้ที่ https://www.python.org/downloads/windows/
pause
exit /b 1
