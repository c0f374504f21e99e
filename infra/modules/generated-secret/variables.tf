variable "name" {
  description = "Secret name, e.g. saas-platform-production/secret-key."
  type        = string
}

variable "description" {
  description = "What the secret is for."
  type        = string
}

variable "length" {
  description = "Length of the generated random part (letters and digits)."
  type        = number
  default     = 48
}

variable "value_format" {
  description = "format() pattern with one %s for the random part, e.g. \"postgres://app:%s@host:5432/db\". Literal % must be written %%."
  type        = string
  default     = "%s"
}

variable "revision" {
  description = "Bump to generate and write a new value."
  type        = number
  default     = 1
}

variable "read_back" {
  description = "Expose the stored value as the sensitive output `value` (puts it in the state)."
  type        = bool
  default     = false
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret stays recoverable (0 = delete immediately)."
  type        = number
  default     = 7
}
