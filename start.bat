@echo off
rem ITA Dashboard on Windows: double-click this file. It only finds a supported Python (3.11, 3.12
rem or 3.13, through the py launcher, else python on PATH); scripts\launch.py does the rest: on the
rem first run it makes .venv beside this file and installs the pinned requirements (from wheels\ when
rem the offline bundle is here, else from the internet), then every run starts the app on this
rem computer only (127.0.0.1) and opens the default browser. Same steps as start.sh on Linux.
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "PYTHONUTF8=1"
set "KPI_PY="
for %%V in (3.13 3.12 3.11) do if not defined KPI_PY py -%%V -c "import sys" >nul 2>&1 && set "KPI_PY=py -%%V"
if not defined KPI_PY python -c "import sys; sys.exit(0 if '%%d.%%d' %% sys.version_info[:2] in ('3.11', '3.12', '3.13') else 1)" >nul 2>&1 && set "KPI_PY=python"
if not defined KPI_PY goto :no_python
%KPI_PY% "%~dp0scripts\launch.py" start %*
if errorlevel 1 pause
exit /b
:no_python
echo ไม่พบ Python รุ่น 3.11, 3.12 หรือ 3.13 บนเครื่องนี้
echo ดาวน์โหลดได้ที่ https://www.python.org/downloads/windows/ (เลือก Windows installer 64-bit)
echo ตอนติดตั้งให้ติ๊ก "Add python.exe to PATH" แล้วดับเบิลคลิก start.bat อีกครั้ง
echo Python 3.11-3.13 was not found: https://www.python.org/downloads/windows/
pause
exit /b 1
