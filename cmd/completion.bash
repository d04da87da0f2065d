# bash completion for cramplog(1): commands, their options, chart names,
# factor names, --format values, and file names where a file is wanted.
# Installed as share/bash-completion/completions/cramplog.

_cramplog_factors="dehydration low_sodium low_potassium low_carbohydrate tightness high_load sodium_deficit"
_cramplog_exposures="body_mass_loss_pct usg urine_color sodium_mg potassium_mg carbs_g_per_kg pre_tightness acwr sodium_balance_mg"

# The options of command $1: those its --help lists (each command declares
# its options once, in cmd/options.c's tables, and --help is made from
# them). $2: the program (default: the one being completed).
_cramplog_options() {
	"${2:-${COMP_WORDS[0]:-cramplog}}" "$1" --help 2>/dev/null |
		grep -E '^ +(-[a-z], )?--' | grep -o -- '--[a-z][a-z-]*' | sort -u
}

_cramplog() {
	local cur prev cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "import status athletes analyze report validate plot exposures simulate upgrade grant revoke copy --help --version" -- "$cur"))
		return
	fi

	# The value of the option before the cursor (copy's --from and --to
	# are databases, the others' dates).
	if [[ $cmd == copy && ( $prev == --from || $prev == --to ) ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
		return
	fi
	case $prev in
	--db|--config|--out|--predictions)
		if [[ $cmd == simulate && $prev == --out ]]; then
			COMPREPLY=($(compgen -d -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return ;;
	--charts)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--format)
		case $cmd in
		import|status|athletes|copy) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		exposures) COMPREPLY=($(compgen -W "csv json" -- "$cur")) ;;
		analyze|validate) COMPREPLY=($(compgen -W "text json csv" -- "$cur")) ;;
		report) COMPREPLY=($(compgen -W "text markdown html json" -- "$cur")) ;;
		esac
		return ;;
	--kind) COMPREPLY=($(compgen -W "training hydration diet" -- "$cur")); return ;;
	--terms) COMPREPLY=($(compgen -W "flags continuous" -- "$cur")); return ;;
	--spline|--factor) COMPREPLY=($(compgen -W "$_cramplog_exposures" -- "$cur")); return ;;
	--knots) COMPREPLY=($(compgen -W "3 4 5" -- "$cur")); return ;;
	--format-hint)
		COMPREPLY=($(compgen -W "garmin strava strava-2019 trainingpeaks trainingpeaks-metrics intervals intervals-wellness cronometer cronometer-biometrics myfitnesspal myfitnesspal-measurements" -- "$cur"))
		return ;;
	--units) COMPREPLY=($(compgen -W "metric imperial" -- "$cur")); return ;;
	--design) COMPREPLY=($(compgen -W "pooled within" -- "$cur")); return ;;
	--model) COMPREPLY=($(compgen -W "firth mle" -- "$cur")); return ;;
	--acwr) COMPREPLY=($(compgen -W "coupled uncoupled ewma" -- "$cur")); return ;;
	--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--factors)
		# A comma-separated list: complete the last name in it (factors,
		# or with --terms continuous or --spline, exposures).
		local done=${cur%"${cur##*,}"} words="$_cramplog_factors"
		[[ " ${COMP_WORDS[*]} " == *" continuous "* || " ${COMP_WORDS[*]} " == *" --spline "* ]] &&
			words=$_cramplog_exposures
		COMPREPLY=($(compgen -P "$done" -W "$words" -- "${cur##*,}"))
		return ;;
	--or)
		COMPREPLY=($(compgen -S = -W "$_cramplog_factors" -- "$cur"))
		[[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2>/dev/null
		return ;;
	--threshold)
		COMPREPLY=($(compgen -S = -W "dehydration_body_mass_loss_pct dehydration_usg dehydration_urine_color low_sodium_mg low_potassium_mg low_carbohydrate_g_per_kg tightness high_load_acwr sodium_deficit_mg sweat_sodium_mg_l" -- "$cur"))
		[[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2>/dev/null
		return ;;
	--athlete|--team|--from|--to|--week|--window|--weeks|--timeout|--athletes|--days|--start|--seed|--drinks|--base-rate)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_cramplog_options "$cmd")" -- "$cur"))
	elif [[ $cmd == plot && $prev == plot ]]; then
		COMPREPLY=($(compgen -W "history factors team load calibration dose" -- "$cur"))
	elif [[ $cmd == import ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

complete -o filenames -F _cramplog cramplog
