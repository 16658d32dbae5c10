document.write("SCRIPT-LEAK-FILE");
