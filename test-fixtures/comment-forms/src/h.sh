echo "STR-1 # in quotes" ${#arr} # TAG-1
echo 'STR-1 #'
